export { sharedMigrations } from './shared';
export { tenantMigrations } from './tenant';
