import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../config';

let cached: string | undefined;

/** The package version, reported by `health`. */
export function apiVersion(): string {
  cached ??= (JSON.parse(readFileSync(join(projectRoot(), 'package.json'), 'utf8')) as { version: string }).version;
  return cached;
}
