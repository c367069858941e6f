import { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { ValidationFailed } from '../errors/domain-error';
import { TenantContext } from '../tenancy/tenant-context';
import { quotedTenantSchema, quoteIdent, tenantRoleName, tenantSchemaName } from './schema-name';

export interface TenantTransactionOptions {
  readOnly?: boolean;
}

/**
 * The only door to tenant tables. Every call runs in one transaction on the current tenant's schema, under
 * the tenant's own PostgreSQL role, so a query that names another schema fails in the database.
 */
@Injectable()
export class TenantDatabase {
  /** Read once: AppConfig derives it from DATABASE_URL (a URL parse) on every access. */
  private readonly roleNamespace: string;

  constructor(
    private readonly orm: MikroORM,
    private readonly context: TenantContext,
    config: AppConfig,
  ) {
    this.roleNamespace = config.roleNamespace;
  }

  async transaction<T>(work: (em: EntityManager) => Promise<T>, options: TenantTransactionOptions = {}): Promise<T> {
    const tenantId = this.context.requireTenantId();
    const em = this.orm.em.fork({ schema: tenantSchemaName(tenantId), clear: true });
    return em.transactional(
      async (tem) => {
        await tem.execute(this.enterTenant(tenantId));
        return work(tem);
      },
      { readOnly: options.readOnly },
    );
  }

  /**
   * One read-only SQL statement (a SELECT, `?` placeholders) with the same guarantees as `transaction`, in a
   * single round trip: the statements of one simple-protocol message run as one implicit transaction, so the
   * SET LOCALs hold for the query and end with it, and an error rolls the whole message back.
   */
  read<T extends object>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    return this.oneTrip<T>(sql, params, true);
  }

  /**
   * Statements separated by `;` (`?` placeholders across them) run as one transaction under the tenant's role, in
   * a single round trip; answers the rows of the last one. Under READ COMMITTED each statement takes a fresh
   * snapshot, so a statement sees what the lock taken by an earlier one was waiting for.
   */
  script<T extends object>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    return this.oneTrip<T>(sql, params, false);
  }

  /**
   * Like `script`, after a `prelude` run with the application's own rights (before entering the tenant), in the same
   * round trip and transaction: for a check on shared tables (e.g. that a device may act) that the script's
   * statements depend on through `set_config`. Answers the prelude's rows and the last statement's rows.
   */
  async scriptAfter<P extends object, T extends object>(
    prelude: { sql: string; params: readonly unknown[] },
    sql: string,
    params: readonly unknown[] = [],
  ): Promise<{ prelude: P[]; rows: T[] }> {
    const tenantId = this.context.requireTenantId();
    const em = this.orm.em.fork({ schema: tenantSchemaName(tenantId), clear: true });
    const values = inlinable([...prelude.params, ...params]);
    const results = await em.execute<unknown[][]>(`${prelude.sql}; ${this.enterTenant(tenantId)}; ${sql}`, values);
    const last = results[results.length - 1];
    return { prelude: results[0] as P[], rows: Array.isArray(last) ? (last as T[]) : [] };
  }

  private async oneTrip<T extends object>(sql: string, params: readonly unknown[], readOnly: boolean): Promise<T[]> {
    const tenantId = this.context.requireTenantId();
    const em = this.orm.em.fork({ schema: tenantSchemaName(tenantId), clear: true });
    // MikroORM inlines the parameters, so this goes as one simple query: one result set per statement.
    const mode = readOnly ? 'set transaction read only; ' : '';
    const results = await em.execute<T[][] | T[]>(`${mode}${this.enterTenant(tenantId)}; ${sql}`, inlinable(params));
    const last = results[results.length - 1];
    return Array.isArray(last) ? (last as T[]) : [];
  }

  private enterTenant(tenantId: number): string {
    return (
      `set local role ${quoteIdent(tenantRoleName(this.roleNamespace, tenantId))}; ` +
      `set local search_path to ${quotedTenantSchema(tenantId)}`
    );
  }
}

/**
 * The one-round-trip paths send their values inlined (escaped, as MikroORM does) in a simple query. PostgreSQL text
 * cannot hold a NUL character, and inlined it would fail the whole statement; such a value is refused as the bad
 * input it is, whichever caller it came from.
 */
function inlinable(params: readonly unknown[]): unknown[] {
  const issues = params.flatMap((value, index) =>
    typeof value === 'string' && value.includes('\u0000')
      ? [{ field: `value ${index + 1}`, issue: 'contains a NUL character' }]
      : [],
  );
  if (issues.length > 0) throw new ValidationFailed('A value cannot contain a NUL character', issues);
  return [...params];
}
