/**
 * The one place where a tenant id becomes SQL identifiers. Only a positive safe integer is accepted, so a
 * schema or role name can never carry anything a caller controls but digits.
 */
export function assertTenantId(id: unknown): number {
  if (typeof id !== 'number' || !Number.isSafeInteger(id) || id <= 0) {
    throw new TypeError(`A tenant id must be a positive integer, got ${JSON.stringify(id)}`);
  }
  return id;
}

/** `user_{id}`, unquoted: what MikroORM's `schema` fork option wants (it quotes it itself). */
export function tenantSchemaName(id: number): string {
  return `user_${assertTenantId(id)}`;
}

/** `"user_{id}"`: the schema name ready to stand in raw SQL. */
export function quotedTenantSchema(id: number): string {
  return quoteIdent(tenantSchemaName(id));
}

/** The PostgreSQL role owning tenant `id`'s schema, under a namespace so two databases never share roles. */
export function tenantRoleName(namespace: string, id: number): string {
  return `${assertNamespace(namespace)}_t${assertTenantId(id)}`;
}

/** The group role every tenant role belongs to; it carries the read grants on shared reference data. */
export function tenantGroupRoleName(namespace: string): string {
  return `${assertNamespace(namespace)}_tenants`;
}

export function quoteIdent(name: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name))
    throw new TypeError(`Refusing to quote identifier ${JSON.stringify(name)}`);
  return `"${name}"`;
}

function assertNamespace(namespace: string): string {
  if (!/^[a-z][a-z0-9_]{0,39}$/.test(namespace)) {
    throw new TypeError(`A role namespace must be lower-case letters, digits and _, got ${JSON.stringify(namespace)}`);
  }
  return namespace;
}
