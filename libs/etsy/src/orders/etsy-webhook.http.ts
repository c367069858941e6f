import { InjectQueue } from '@nestjs/bull';
import { Body, Controller, Headers, HttpCode, Inject, Post, Req } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AppConfig, BusinessRuleViolation, Public, RedisClient, ValidationFailed, queueKeyedPass } from '@stoflow/core';
import type { Queue } from 'bull';
import type Redis from 'ioredis';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { EtsyAccountsRepository } from '../account/etsy-accounts.repository';
import { EtsySettings } from '../etsy-settings';
import { ETSY_RECEIPTS_QUEUE, RECEIPT_PASS } from './etsy-receipt-sync';

/** A signature older (or newer) than this is refused: a replayed notice carries its old timestamp. */
const TOLERANCE_S = 5 * 60;
const SEEN_TTL_S = 24 * 3600;

interface EtsyWebhook {
  event_type?: string;
  resource_url?: string;
  shop_id?: number;
}

/**
 * Etsy's order webhooks (commercial apps), a faster signal than the receipts schedule, which stays the backstop:
 * a notice signed with the portal's secret (Standard Webhooks: HMAC-SHA256 over `id.timestamp.body`) and recent
 * queues a receipt pass for its shop, once per webhook id.
 */
@ApiTags('etsy')
@Controller('api/webhooks/etsy')
export class EtsyWebhookController {
  private readonly seenPrefix: string;

  constructor(
    private readonly settings: EtsySettings,
    private readonly accounts: EtsyAccountsRepository,
    @InjectQueue(ETSY_RECEIPTS_QUEUE) private readonly queue: Queue<{ userId: number }>,
    @Inject(RedisClient) private readonly redis: Redis,
    config: AppConfig,
  ) {
    this.seenPrefix = `${config.QUEUE_PREFIX}:etsy:webhook`;
  }

  @Post()
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: "Etsy's order notices (order.paid …): the shop's receipts are read at once" })
  @ApiOkResponse({ description: 'Accepted (a notice seen before changes nothing)' })
  @ApiBadRequestResponse({ description: 'WEBHOOK_SIGNATURE_INVALID: unsigned, wrongly signed or too old' })
  async receive(
    @Req() request: { rawBody?: string },
    @Body() body: EtsyWebhook,
    @Headers('webhook-id') id: string | undefined,
    @Headers('webhook-timestamp') timestamp: string | undefined,
    @Headers('webhook-signature') signature: string | undefined,
  ): Promise<{ received: true }> {
    const secret = this.settings.webhookSecret;
    if (!secret) {
      throw new BusinessRuleViolation(
        'MARKETPLACE_NOT_CONFIGURED',
        'Etsy webhooks are not set up on this server: the operator must set ETSY_WEBHOOK_SECRET',
      );
    }
    if (!id || !timestamp || !signature || !verify(secret, id, timestamp, request.rawBody ?? '', signature)) {
      throw new ValidationFailed('This notice does not carry a valid, recent Etsy signature', [
        { field: 'webhook-signature', issue: 'missing, wrong or too old' },
      ]);
    }
    const first = await this.redis.set(`${this.seenPrefix}:${id}`, '1', 'EX', SEEN_TTL_S, 'NX');
    if (first && body?.shop_id && (body.event_type ?? '').startsWith('order.')) {
      const userId = await this.accounts.userOfShop(Number(body.shop_id));
      if (userId) {
        await queueKeyedPass(this.queue, RECEIPT_PASS, `pass:${userId}`, { userId });
      }
    }
    return { received: true };
  }
}

/** Standard Webhooks: `v1,<base64 HMAC-SHA256>` entries (space-separated), key = the base64 after `whsec_`. */
export function verify(secret: string, id: string, timestamp: string, body: string, header: string): boolean {
  const seconds = Number(timestamp);
  if (!Number.isInteger(seconds) || Math.abs(Date.now() / 1000 - seconds) > TOLERANCE_S) return false;
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest();
  return header.split(' ').some((entry) => {
    const [version, value] = entry.split(',');
    if (version !== 'v1' || !value) return false;
    const given = Buffer.from(value, 'base64');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}
