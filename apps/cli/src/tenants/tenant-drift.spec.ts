import { ColumnRow, columnSignatures, driftOf } from './tenant-drift';

const column = (schema: string, table: string, name: string, extra: Partial<ColumnRow> = {}): ColumnRow => ({
  schema,
  table_name: table,
  column_name: name,
  data_type: 'text',
  is_nullable: 'NO',
  column_default: null,
  ...extra,
});

describe('tenant drift', () => {
  it('ignores the schema name inside defaults, so identical tables compare equal', () => {
    const template = columnSignatures(
      [
        column('template_tenant', 'parcel', 'id', {
          data_type: 'integer',
          column_default: "nextval('template_tenant.parcel_id_seq'::regclass)",
        }),
      ],
      'template_tenant',
    );
    const tenant = columnSignatures(
      [
        column('user_7', 'parcel', 'id', {
          data_type: 'integer',
          column_default: 'nextval(\'"user_7".parcel_id_seq\'::regclass)',
        }),
      ],
      'user_7',
    );
    expect([...tenant]).toEqual([...template]);
    expect(driftOf(['m1'], ['m1'], template, tenant)).toEqual([]);
  });

  it('lists missing and unknown migrations, missing, extra and changed columns', () => {
    const template = columnSignatures(
      [
        column('t', 'parcel', 'id'),
        column('t', 'parcel', 'label'),
        column('t', 'parcel', 'note', { is_nullable: 'YES' }),
      ],
      't',
    );
    const tenant = columnSignatures(
      [column('u', 'parcel', 'id'), column('u', 'parcel', 'note'), column('u', 'parcel', 'colour')],
      'u',
    );
    expect(driftOf(['m1', 'm2'], ['m1', 'm0'], template, tenant)).toEqual([
      'migration not applied: m2',
      'unknown migration applied: m0',
      'missing or different column: parcel.label text',
      'missing or different column: parcel.note text null',
      'extra or different column: parcel.note text',
      'extra or different column: parcel.colour text',
    ]);
  });
});
