import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Page, PageQuery } from '@stoflow/core';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { JobPageDto, MARKETPLACE_NAMES, MarketplaceName } from '../job.dto';
import { JOB_STATUSES, JobStatus, JobView } from '../vinted-job';
import { ListVintedJobsQuery } from './list-jobs.query';

export class ListJobsParams extends PageQuery {
  @ApiPropertyOptional({ enum: JOB_STATUSES })
  @IsOptional()
  @IsIn(JOB_STATUSES)
  status?: JobStatus;

  @ApiPropertyOptional({ enum: MARKETPLACE_NAMES })
  @IsOptional()
  @IsIn(MARKETPLACE_NAMES)
  marketplace?: MarketplaceName;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  productId?: string;
}

@ApiTags('jobs')
@ApiBearerAuth('access-token')
@Controller('api/jobs')
export class ListJobsController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @ApiOkResponse({ type: JobPageDto, description: 'Newest first' })
  async list(@Query() params: ListJobsParams): Promise<Page<JobView>> {
    const { page, limit, status, productId, marketplace } = params;
    // Only Vinted runs jobs so far: another marketplace has none to list.
    if (marketplace && marketplace !== 'vinted') return { items: [], total: 0, page, limit };
    return this.queries.execute(new ListVintedJobsQuery(page, limit, { status, productId }));
  }
}
