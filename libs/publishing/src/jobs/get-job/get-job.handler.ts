import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { NotFound, TenantDatabase } from '@stoflow/core';
import { Drivers } from '../../driver/drivers';
import { isJobId, JobView } from '../marketplace-job';
import { MarketplaceJobsRepository, toJobView } from '../marketplace-jobs.repository';
import { GetJobQuery } from './get-job.query';

@QueryHandler(GetJobQuery)
export class GetJobHandler implements IQueryHandler<GetJobQuery, JobView> {
  constructor(
    private readonly db: TenantDatabase,
    private readonly jobs: MarketplaceJobsRepository,
    private readonly drivers: Drivers,
  ) {}

  async execute({ jobId }: GetJobQuery): Promise<JobView> {
    const found = isJobId(jobId)
      ? await this.db.transaction(
          async (em) => {
            const job = await this.jobs.byId(em, jobId);
            if (!job) return undefined;
            const driver = this.drivers.find(job.marketplace);
            return { ...toJobView(job), tasks: driver ? await driver.calls(em, jobId) : [] };
          },
          { readOnly: true },
        )
      : undefined;
    if (!found) throw new NotFound('Job', jobId);
    return found;
  }
}
