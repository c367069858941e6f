import { Controller, Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { JobWithTasksDto } from '../job.dto';
import { GetJobQuery } from './get-job.query';

@ApiTags('jobs')
@ApiBearerAuth('access-token')
@Controller('api/jobs')
export class GetJobController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':id')
  @ApiOkResponse({ type: JobWithTasksDto, description: 'The job and the calls it made, oldest first' })
  @ApiNotFoundResponse({ description: "NOT_FOUND (unknown id or another tenant's job)" })
  async get(@Param('id') id: string): Promise<JobWithTasksDto> {
    const job = await this.queries.execute(new GetJobQuery(id));
    return { ...job, tasks: job.tasks ?? [] };
  }
}
