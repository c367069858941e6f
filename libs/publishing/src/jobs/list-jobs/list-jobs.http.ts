import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Marketplace, MARKETPLACES } from '@stoflow/catalog';
import { Page, PageQuery } from '@stoflow/core';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { JobPageDto } from '../job.dto';
import { JOB_STATUSES, JobStatus, JobView } from '../marketplace-job';
import { ListJobsQuery } from './list-jobs.query';

export class ListJobsParams extends PageQuery {
  @ApiPropertyOptional({ enum: JOB_STATUSES })
  @IsOptional()
  @IsIn(JOB_STATUSES)
  status?: JobStatus;

  @ApiPropertyOptional({ enum: MARKETPLACES })
  @IsOptional()
  @IsIn(MARKETPLACES)
  marketplace?: Marketplace;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  productId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The jobs of one bulk publish' })
  @IsOptional()
  @IsUUID()
  batchId?: string;
}

@ApiTags('jobs')
@ApiBearerAuth('access-token')
@Controller('api/jobs')
export class ListJobsController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @ApiOkResponse({ type: JobPageDto, description: 'Every marketplace, newest first' })
  list(@Query() params: ListJobsParams): Promise<Page<JobView>> {
    const { page, limit, status, productId, marketplace, batchId } = params;
    return this.queries.execute(new ListJobsQuery(page, limit, { status, productId, marketplace, batchId }));
  }
}
