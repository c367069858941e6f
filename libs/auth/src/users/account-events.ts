import { DomainEvent, OutboxEvent } from '@stoflow/core';

/** A new account and its tenant exist. */
@OutboxEvent('auth.user-registered')
export class UserRegisteredEvent extends DomainEvent {
  constructor(
    readonly userId: number,
    readonly tier: string,
  ) {
    super(userId, 'user', String(userId));
  }
}

/**
 * An account was erased (its tenant schema is already gone). Modules that keep anything about the user outside
 * the tenant schema (plugin devices, marketplace webhooks, cached credentials) erase it when they receive this.
 */
@OutboxEvent('auth.account-erased')
export class AccountErasedEvent extends DomainEvent {
  constructor(readonly userId: number) {
    super(null, 'user', String(userId));
  }
}
