import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { NotFound, TenantDatabase } from '@stoflow/core';
import { PluginTasksRepository } from '../../plugin/tasks/plugin-tasks.repository';
import { isJobId, JobView } from '../vinted-job';
import { toJobView, VintedJobsRepository } from '../vinted-jobs.repository';
import { GetVintedJobQuery } from './get-job.query';

@QueryHandler(GetVintedJobQuery)
export class GetVintedJobHandler implements IQueryHandler<GetVintedJobQuery, JobView> {
  constructor(
    private readonly db: TenantDatabase,
    private readonly jobs: VintedJobsRepository,
    private readonly tasks: PluginTasksRepository,
  ) {}

  async execute({ jobId }: GetVintedJobQuery): Promise<JobView> {
    const found = isJobId(jobId)
      ? await this.db.transaction(
          async (em) => {
            const row = await this.jobs.byId(em, jobId);
            return row && { ...toJobView(row), tasks: await this.tasks.byJob(em, jobId) };
          },
          { readOnly: true },
        )
      : undefined;
    if (!found) throw new NotFound('Job', jobId);
    return found;
  }
}
