import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** What `causeway neo4j start` leaves in the data directory so later commands find the server. */
export interface ServerRecord {
  pid: number;
  uri: string;
  port: number;
  version: string;
  startedAt: string;
}

const RECORD_FILE = 'causeway-neo4j.json';

export function readServerRecord(dataDir: string): ServerRecord | undefined {
  const file = join(dataDir, RECORD_FILE);
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as ServerRecord;
  } catch {
    return undefined;
  }
}

export function writeServerRecord(dataDir: string, record: ServerRecord): void {
  writeFileSync(join(dataDir, RECORD_FILE), JSON.stringify(record, null, 2) + '\n');
}

export function removeServerRecord(dataDir: string): void {
  rmSync(join(dataDir, RECORD_FILE), { force: true });
}
