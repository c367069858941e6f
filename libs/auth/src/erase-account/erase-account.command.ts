import { Command } from '@nestjs/cqrs';

/** Erases an account: tokens, tenant schema and role, the user row; `password` re-confirms the caller. */
export class EraseAccountCommand extends Command<void> {
  constructor(
    readonly userId: number,
    readonly password: string,
  ) {
    super();
  }
}
