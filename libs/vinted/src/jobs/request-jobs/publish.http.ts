import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { AuthenticatedUser, CurrentUser } from '@stoflow/auth';
import { BusinessRuleViolation } from '@stoflow/core';
import { randomUUID } from 'node:crypto';
import { GetVintedConnectionQuery } from '../../plugin/devices/get-connection/get-connection.query';
import { BatchJobsDto, BulkPublishDto, JobsDto, MarketplaceName, MarketplacesDto } from '../job.dto';
import { JobAction, JobView } from '../vinted-job';
import { RequestVintedJobsCommand } from './request-vinted-jobs.command';

/**
 * Publishing is asynchronous: these answer 202 with the jobs they queued (GET /api/jobs/{id} follows them).
 * Vinted is the marketplace StoFlow can publish to today; eBay and Etsy are refused as not connected.
 */
@ApiTags('products')
@ApiBearerAuth('access-token')
@Controller('api/products')
export class PublishController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post('publish')
  @HttpCode(202)
  @ApiAcceptedResponse({ type: BatchJobsDto, description: 'One job per product and marketplace' })
  @ApiUnprocessableEntityResponse({
    description: 'PRODUCT_OUT_OF_STOCK, PRODUCT_INCOMPLETE_FOR_MARKETPLACE, MARKETPLACE_NOT_CONNECTED',
  })
  @ApiForbiddenResponse({ description: 'QUOTA_EXCEEDED (publishes per day)' })
  async publishMany(@CurrentUser() user: AuthenticatedUser, @Body() body: BulkPublishDto): Promise<BatchJobsDto> {
    const batchId = randomUUID();
    return { batchId, jobs: await this.request(user.id, 'publish', body.productIds, body.marketplaces, batchId) };
  }

  @Post(':id/publish')
  @HttpCode(202)
  @ApiAcceptedResponse({ type: JobsDto })
  @ApiNotFoundResponse({ description: "NOT_FOUND (unknown, deleted, or another tenant's product)" })
  @ApiUnprocessableEntityResponse({
    description: 'PRODUCT_OUT_OF_STOCK, PRODUCT_INCOMPLETE_FOR_MARKETPLACE, MARKETPLACE_NOT_CONNECTED',
  })
  @ApiConflictResponse({ description: 'Already listed (or being listed) there' })
  @ApiForbiddenResponse({ description: 'QUOTA_EXCEEDED (publishes per day)' })
  async publish(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id') id: string,
    @Body() body: MarketplacesDto,
  ): Promise<JobsDto> {
    return { jobs: await this.request(user.id, 'publish', [id], body.marketplaces) };
  }

  @Post(':id/unpublish')
  @HttpCode(202)
  @ApiAcceptedResponse({ type: JobsDto })
  @ApiNotFoundResponse({ description: "NOT_FOUND (unknown, deleted, or another tenant's product)" })
  @ApiConflictResponse({ description: 'Not listed there' })
  async unpublish(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id') id: string,
    @Body() body: MarketplacesDto,
  ): Promise<JobsDto> {
    return { jobs: await this.request(user.id, 'delete', [id], body.marketplaces) };
  }

  private async request(
    userId: number,
    action: JobAction,
    productIds: string[],
    marketplaces: MarketplaceName[],
    batchId: string | null = null,
  ): Promise<JobView[]> {
    const unavailable = marketplaces.filter((m) => m !== 'vinted');
    if (unavailable.length > 0) {
      throw new BusinessRuleViolation(
        'MARKETPLACE_NOT_CONNECTED',
        `${unavailable.join(' and ')} ${unavailable.length > 1 ? 'are' : 'is'} not connected to your account`,
        unavailable.map((m) => ({ field: 'marketplaces', issue: `${m} is not connected`, marketplace: m })),
      );
    }
    if (action === 'publish' && !(await this.queries.execute(new GetVintedConnectionQuery(userId))).paired) {
      throw new BusinessRuleViolation(
        'MARKETPLACE_NOT_CONNECTED',
        'Vinted is not connected: install the StoFlow extension and pair it with your account first',
        [{ field: 'marketplaces', issue: 'vinted is not connected', marketplace: 'vinted' }],
      );
    }
    return this.commands.execute(new RequestVintedJobsCommand(userId, action, productIds, batchId));
  }
}
