/** A timestamp column (MikroORM leaves them as text or Date) as the API's ISO 8601 UTC string. */
export function isoOrNull(value: Date | string | null): string | null {
  return value ? new Date(value).toISOString() : null;
}
