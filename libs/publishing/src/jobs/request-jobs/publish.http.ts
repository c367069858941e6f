import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { AuthenticatedUser, CurrentUser } from '@stoflow/auth';
import { randomUUID } from 'node:crypto';
import { BatchJobsDto, BulkPublishDto, JobsDto, MarketplacesDto } from '../job.dto';
import { RequestJobsCommand } from './request-jobs.command';

const REFUSALS =
  'All or nothing: every marketplace is asked first. MARKETPLACE_NOT_CONNECTED (not connected, or not available ' +
  'in this install), PRODUCT_OUT_OF_STOCK, PRODUCT_INCOMPLETE_FOR_MARKETPLACE: `details` lists every problem of ' +
  'every marketplace as `{marketplace, field, issue}`';

/** Sellers must know before they publish: the fee is Etsy's, charged per activated listing. */
const ETSY_FEE = "Publishing on Etsy activates the listing, which costs the seller Etsy's listing fee.";

/** Publishing is asynchronous: these answer 202 with the jobs they queued (GET /api/jobs/{id} follows them). */
@ApiTags('products')
@ApiBearerAuth('access-token')
@Controller('api/products')
export class PublishController {
  constructor(private readonly commands: CommandBus) {}

  @Post('publish')
  @HttpCode(202)
  @ApiOperation({ summary: 'Publish up to 100 products on one or more marketplaces', description: ETSY_FEE })
  @ApiAcceptedResponse({
    type: BatchJobsDto,
    description:
      'One job per product and marketplace; where a product is being published there already, that job is answered',
  })
  @ApiUnprocessableEntityResponse({ description: REFUSALS })
  @ApiConflictResponse({ description: 'One of the products is already listed on one of the marketplaces' })
  @ApiForbiddenResponse({ description: 'QUOTA_EXCEEDED (publishes per day, all marketplaces together)' })
  async publishMany(@CurrentUser() user: AuthenticatedUser, @Body() body: BulkPublishDto): Promise<BatchJobsDto> {
    const batchId = randomUUID();
    const jobs = await this.commands.execute(
      new RequestJobsCommand(user.id, 'publish', body.productIds, body.marketplaces, batchId),
    );
    return { batchId, jobs };
  }

  @Post(':id/publish')
  @HttpCode(202)
  @ApiOperation({ summary: 'Publish a product on one or more marketplaces', description: ETSY_FEE })
  @ApiAcceptedResponse({
    type: JobsDto,
    description:
      'One job per marketplace. Where the product is being published there already (a live publish job), that ' +
      'job is answered rather than a second one',
  })
  @ApiNotFoundResponse({ description: "NOT_FOUND (unknown, deleted, or another tenant's product)" })
  @ApiUnprocessableEntityResponse({ description: REFUSALS })
  @ApiConflictResponse({ description: 'Already listed there (unpublish it first)' })
  @ApiForbiddenResponse({ description: 'QUOTA_EXCEEDED (publishes per day, all marketplaces together)' })
  async publish(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id') id: string,
    @Body() body: MarketplacesDto,
  ): Promise<JobsDto> {
    return { jobs: await this.commands.execute(new RequestJobsCommand(user.id, 'publish', [id], body.marketplaces)) };
  }

  @Post(':id/unpublish')
  @HttpCode(202)
  @ApiOperation({ summary: 'Withdraw a product from one or more marketplaces' })
  @ApiAcceptedResponse({ type: JobsDto })
  @ApiNotFoundResponse({ description: "NOT_FOUND (unknown, deleted, or another tenant's product)" })
  @ApiConflictResponse({ description: 'Not listed there' })
  async unpublish(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id') id: string,
    @Body() body: MarketplacesDto,
  ): Promise<JobsDto> {
    return { jobs: await this.commands.execute(new RequestJobsCommand(user.id, 'delete', [id], body.marketplaces)) };
  }
}
