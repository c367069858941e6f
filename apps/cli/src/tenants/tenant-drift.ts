export interface ColumnRow {
  schema: string;
  table_name: string;
  column_name: string;
  data_type: string;
  is_nullable: string;
  column_default: string | null;
}

/** `table.column type null default`, with the schema name taken out of defaults (sequence names carry it). */
export function columnSignatures(rows: ColumnRow[], schema: string): Set<string> {
  return new Set(
    rows
      .filter((r) => r.schema === schema)
      .map(
        (r) =>
          `${r.table_name}.${r.column_name} ${r.data_type}${r.is_nullable === 'YES' ? ' null' : ''}` +
          (r.column_default ? ` default ${r.column_default.replace(/"/g, '').split(`${schema}.`).join('')}` : ''),
      ),
  );
}

/** Every difference of one tenant schema against the expected migrations and the template's columns. */
export function driftOf(
  expectedMigrations: string[],
  appliedMigrations: string[],
  template: Set<string>,
  tenant: Set<string>,
): string[] {
  const applied = new Set(appliedMigrations);
  const expected = new Set(expectedMigrations);
  return [
    ...expectedMigrations.filter((m) => !applied.has(m)).map((m) => `migration not applied: ${m}`),
    ...appliedMigrations.filter((m) => !expected.has(m)).map((m) => `unknown migration applied: ${m}`),
    ...[...template].filter((c) => !tenant.has(c)).map((c) => `missing or different column: ${c}`),
    ...[...tenant].filter((c) => !template.has(c)).map((c) => `extra or different column: ${c}`),
  ];
}
