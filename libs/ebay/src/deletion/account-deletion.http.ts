import { InjectQueue } from '@nestjs/bull';
import { Body, Controller, Get, Headers, HttpCode, Post, Query } from '@nestjs/common';
import {
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPreconditionFailedResponse,
  ApiProperty,
  ApiTags,
} from '@nestjs/swagger';
import { BusinessRuleViolation, DomainError, Public, ValidationFailed } from '@stoflow/core';
import type { Queue } from 'bull';
import { IsString, Length } from 'class-validator';
import { EbayAccountsRepository } from '../account/ebay-accounts.repository';
import { EbaySettings } from '../ebay-settings';
import { EBAY_DELETIONS_QUEUE, ErasePayload, ERASE } from './deletion-queue';
import { DeletionNotices } from './deletion-notices';

class ChallengeQuery {
  @IsString()
  @Length(1, 500)
  challenge_code!: string;
}

class ChallengeDto {
  @ApiProperty({ description: 'hex(SHA-256(challenge_code + verification token + endpoint URL))' })
  challengeResponse!: string;
}

interface DeletionNotice {
  metadata?: { topic?: string };
  notification?: {
    notificationId?: string;
    data?: { username?: string; userId?: string };
  };
}

/**
 * eBay's Marketplace Account Deletion endpoint (mandatory for an app that keeps eBay data). Public: eBay proves
 * itself by the challenge (GET) and by signing each notice (POST).
 */
@ApiTags('ebay')
@Controller('api/webhooks/ebay/account-deletion')
export class AccountDeletionController {
  constructor(
    private readonly settings: EbaySettings,
    private readonly notices: DeletionNotices,
    private readonly accounts: EbayAccountsRepository,
    @InjectQueue(EBAY_DELETIONS_QUEUE) private readonly queue: Queue<ErasePayload>,
  ) {}

  @Get()
  @Public()
  @ApiOperation({ summary: "eBay's check of this endpoint (challenge_code)" })
  @ApiOkResponse({ type: ChallengeDto })
  challenge(@Query() query: ChallengeQuery): ChallengeDto {
    const { verificationToken, notificationEndpoint } = this.settings;
    if (!verificationToken || !notificationEndpoint) {
      throw new BusinessRuleViolation(
        'MARKETPLACE_NOT_CONFIGURED',
        'eBay account-deletion notices are not set up on this server: the operator must set ' +
          'EBAY_NOTIFICATION_VERIFICATION_TOKEN and EBAY_NOTIFICATION_ENDPOINT_URL',
      );
    }
    return {
      challengeResponse: DeletionNotices.challengeResponse(
        query.challenge_code,
        verificationToken,
        notificationEndpoint,
      ),
    };
  }

  @Post()
  @Public()
  @HttpCode(204)
  @ApiOperation({
    summary: 'An eBay user closed their account',
    description:
      "Acknowledged at once when the signature (X-EBAY-SIGNATURE) is eBay's; StoFlow then erases what it holds " +
      'about that user (connection, tokens, eBay ids on listings and orders), once per notification.',
  })
  @ApiNoContentResponse({ description: 'Signature valid: the erasure is queued' })
  @ApiPreconditionFailedResponse({ description: 'Signature missing or invalid: nothing is erased' })
  async notice(
    @Body() body: DeletionNotice,
    @Headers('x-ebay-signature') signature: string | undefined,
  ): Promise<void> {
    if (!(await this.notices.verify(body, signature))) {
      throw new DomainError('SIGNATURE_INVALID', 412, 'This notice does not carry a valid eBay signature');
    }
    const notificationId = body?.notification?.notificationId;
    const data = body?.notification?.data;
    if (typeof notificationId !== 'string' || !notificationId || (!data?.userId && !data?.username)) {
      throw new ValidationFailed('The notice names no notification or eBay user');
    }
    await this.accounts.firstNotice(notificationId, data.userId ?? null, data.username ?? null);
    // eBay delivers again until acknowledged: a notice not erased yet is queued again (keyed, so once).
    if (!(await this.accounts.notice(notificationId))?.processed_at) {
      await this.queue.add(
        ERASE,
        { notificationId },
        { jobId: `erase:${notificationId}`, attempts: 5, backoff: 60_000 },
      );
    }
  }
}
