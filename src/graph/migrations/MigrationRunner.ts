import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { CausewayError } from '../../errors';
import type { GraphClient } from '../GraphClient';
import { readMigrations, type Migration } from './readMigrations';

export interface MigrationReport {
  applied: string[];
  /** The latest applied version after the run, or null on an empty history. */
  currentVersion: string | null;
}

export interface MigrationOptions {
  log?: (line: string) => void;
  lockTimeoutMs?: number;
  staleLockMs?: number;
}

/**
 * Applies migrations/V###__Name.cypher in version order, neo4j-migrations style:
 *   1. take the lock node (its uniqueness constraint makes a second taker fail and wait);
 *   2. read the history chain and check every applied file's checksum is unchanged;
 *   3. run each pending migration's statements one by one in auto-commit
 *      transactions (Neo4j runs schema statements in their own transactions);
 *   4. record a migration only after all its statements succeeded, so a
 *      half-applied one (its statements written `IF NOT EXISTS`) simply runs again;
 *   5. release the lock on every path.
 */
export async function migrate(graph: GraphClient, directory: string, options: MigrationOptions = {}): Promise<MigrationReport> {
  const log = options.log ?? (() => {});
  const migrations = readMigrations(directory);
  const owner = `${hostname()}:${process.pid}:${randomUUID()}`;

  await graph.write((tx) => tx.run('migrations/create-lock-constraint'));
  await acquireLock(graph, owner, options.lockTimeoutMs ?? 120_000, options.staleLockMs ?? 10 * 60_000);
  try {
    const history = await graph.readQuery('migrations/read-history');
    const applied = new Map(history.map((row) => [String(row.version), row]));
    assertUnchanged(migrations, applied);

    const newlyApplied: string[] = [];
    for (const migration of migrations) {
      if (applied.has(migration.version)) continue;
      const started = Date.now();
      for (const [index, statement] of migration.statements.entries()) {
        try {
          await graph.runAutoCommit(statement);
        } catch (error) {
          throw new CausewayError(
            `migration ${migration.file} failed at statement ${index + 1}: ${(error as Error).message}`,
            { code: 'MIGRATION_ERROR', cause: error, details: { file: migration.file, statement: index + 1 } },
          );
        }
      }
      await graph.write((tx) =>
        tx.run('migrations/record-migration', {
          version: migration.version,
          description: migration.description,
          checksum: migration.checksum,
          source: migration.file,
          installedBy: owner,
          executionMs: Date.now() - started,
        }),
      );
      log(`applied ${migration.file}`);
      newlyApplied.push(migration.version);
    }
    return { applied: newlyApplied, currentVersion: migrations.filter((m) => applied.has(m.version) || newlyApplied.includes(m.version)).at(-1)?.version ?? null };
  } finally {
    await graph.write((tx) => tx.run('migrations/release-lock', { owner }));
  }
}

/** The latest applied migration version, or null when none ran yet. */
export async function migrationVersion(graph: GraphClient): Promise<string | null> {
  const rows = await graph.readQuery('health/read-migration-version');
  return rows.length ? String(rows[0].version) : null;
}

function assertUnchanged(migrations: Migration[], applied: Map<string, Record<string, unknown>>): void {
  for (const migration of migrations) {
    const record = applied.get(migration.version);
    if (record && record.checksum !== migration.checksum) {
      throw new CausewayError(
        `migration ${migration.file} was changed after it was applied (checksum ${String(record.checksum).slice(0, 12)}… recorded, ${migration.checksum.slice(0, 12)}… on disk); add a new migration instead of editing an applied one`,
        { code: 'MIGRATION_ERROR', details: { file: migration.file } },
      );
    }
  }
  const known = new Set(migrations.map((m) => m.version));
  for (const version of applied.keys()) {
    if (!known.has(version)) {
      throw new CausewayError(`migration version ${version} is recorded in the database but has no file`, { code: 'MIGRATION_ERROR' });
    }
  }
}

async function acquireLock(graph: GraphClient, owner: string, timeoutMs: number, staleAfterMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await graph.write((tx) => tx.run('migrations/acquire-lock', { owner, staleAfterMs }));
      return;
    } catch (error) {
      if (!(error instanceof CausewayError && error.code === 'CONFLICT')) throw error;
      if (Date.now() > deadline) {
        throw new CausewayError(`another process holds the migration lock for more than ${timeoutMs} ms`, { code: 'MIGRATION_ERROR' });
      }
      await new Promise((resolve) => setTimeout(resolve, 100 + Math.random() * 200));
    }
  }
}
