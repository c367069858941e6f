import { quotedTenantSchema, quoteIdent, tenantRoleName, tenantSchemaName } from './schema-name';

describe('tenant identifiers', () => {
  it('builds the schema name from a positive integer only', () => {
    expect(tenantSchemaName(42)).toBe('user_42');
    expect(quotedTenantSchema(7)).toBe('"user_7"');
    for (const bad of [0, -1, 1.5, Number.NaN, 2 ** 60, '1', '1; drop schema public', null, undefined]) {
      expect(() => tenantSchemaName(bad as number)).toThrow(TypeError);
    }
  });

  it('prefixes role names with a checked namespace', () => {
    expect(tenantRoleName('stoflow_test', 3)).toBe('stoflow_test_t3');
    expect(() => tenantRoleName('Bad-Name', 3)).toThrow(TypeError);
    expect(() => tenantRoleName('ok', -3)).toThrow(TypeError);
  });

  it('refuses to quote anything that is not a plain identifier', () => {
    expect(quoteIdent('user_1')).toBe('"user_1"');
    expect(() => quoteIdent('a"b')).toThrow(TypeError);
    expect(() => quoteIdent('')).toThrow(TypeError);
  });
});
