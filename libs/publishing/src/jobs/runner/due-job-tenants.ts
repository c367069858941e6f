import { Injectable } from '@nestjs/common';
import { DueTenants } from '@stoflow/core';

/** Tenants with a live marketplace job and when the jobs' sweeper should next look at them (expiry, back-off, idle). */
@Injectable()
export class DueJobTenants extends DueTenants {
  protected override readonly name = 'publishing-jobs:due';
}
