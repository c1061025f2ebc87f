export { migrate, migrationVersion } from './MigrationRunner';
export type { MigrationReport, MigrationOptions } from './MigrationRunner';
export { readMigrations } from './readMigrations';
export type { Migration } from './readMigrations';
