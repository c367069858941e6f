import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { Outbox, TenantProvisioner } from '@stoflow/core';
import { PasswordHasher } from '../passwords/password-hasher';
import { UserRegisteredEvent } from './account-events';
import { normaliseEmail, Role, UserRow } from './user';
import { UsersRepository } from './users.repository';

/**
 * One account = the user row + its tenant (schema, role, every tenant migration, registry row) + the event,
 * in the caller's transaction: either all of it exists afterwards or none of it.
 */
@Injectable()
export class AccountCreator {
  constructor(
    private readonly users: UsersRepository,
    private readonly hasher: PasswordHasher,
    private readonly provisioner: TenantProvisioner,
    private readonly outbox: Outbox,
  ) {}

  /** Hashing is slow on purpose: do it before the transaction so it holds no connection meanwhile. */
  hash(password: string): Promise<string> {
    return this.hasher.hash(password);
  }

  async create(em: EntityManager, email: string, passwordHash: string, role: Role = 'user', tier = 'free') {
    const row: UserRow = await this.users.insert(em, normaliseEmail(email), passwordHash, role, tier);
    const id = Number(row.id);
    await this.provisioner.create(id, em);
    await this.outbox.add(em, new UserRegisteredEvent(id, row.tier));
    return row;
  }
}
