import { VintedConnectionNews } from '../connection-news/vinted-connection-news';
import { CommandBus, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { TenantContext, TenantDatabase } from '@stoflow/core';
import { ResumeWaitingJobsCommand } from '@stoflow/publishing';
import { TaskWakeUps } from '../../plugin/tasks/task-wake-ups';
import { PauseReason, VintedAccountRepository } from '../vinted-account.repository';
import { ResumeVintedAccountCommand } from './resume-account.command';

@CommandHandler(ResumeVintedAccountCommand)
export class ResumeVintedAccountHandler implements ICommandHandler<ResumeVintedAccountCommand, PauseReason | null> {
  constructor(
    private readonly tenant: TenantContext,
    private readonly db: TenantDatabase,
    private readonly account: VintedAccountRepository,
    private readonly commands: CommandBus,
    private readonly wakeUps: TaskWakeUps,
    private readonly news: VintedConnectionNews,
  ) {}

  async execute({ userId, only }: ResumeVintedAccountCommand): Promise<PauseReason | null> {
    const lifted = await this.tenant.run(userId, () =>
      this.db.transaction(async (em) => {
        const lifted = await this.account.resume(em, only);
        // The user chose to go on with the account their tab is logged in to: the next heartbeat adopts it.
        if (lifted === 'account-changed' && !only) await this.account.adoptVintedUser(em, null);
        return lifted;
      }),
    );
    if (!lifted) return null;
    await Promise.all([
      this.wakeUps.notify(userId),
      this.commands.execute(new ResumeWaitingJobsCommand(userId, 'vinted')),
      this.news.announce(userId),
    ]);
    return lifted;
  }
}
