import { Command } from '@nestjs/cqrs';
import type { Marketplace } from '@stoflow/catalog';

/** The marketplace account is usable again (the user logged in, solved the captcha): its paused jobs go on. */
export class ResumeWaitingJobsCommand extends Command<number> {
  constructor(
    readonly tenantId: number,
    readonly marketplace: Marketplace,
  ) {
    super();
  }
}
