import { Command } from '@nestjs/cqrs';
import type { PauseReason } from '../vinted-account.repository';

/**
 * Lifts the pause of the user's Vinted queue (the user solved the captcha, or the extension reports a fresh login)
 * and lets the jobs that waited on it go on. `only` limits which pauses may be lifted (a heartbeat that sees the
 * user logged in lifts an expired session, never a captcha). Answers the reason lifted, if any.
 */
export class ResumeVintedAccountCommand extends Command<PauseReason | null> {
  constructor(
    readonly userId: number,
    readonly only?: PauseReason[],
  ) {
    super();
  }
}
