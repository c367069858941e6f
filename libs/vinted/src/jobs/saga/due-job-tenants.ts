import { Injectable } from '@nestjs/common';
import { DueTenants } from '../../plugin/tasks/due-tenants';

/** Tenants with a live VintedJob and when the jobs' sweeper should next look at them (expiry, back-off, idle). */
@Injectable()
export class DueJobTenants extends DueTenants {
  protected override readonly name = 'vinted-jobs:due';
}
