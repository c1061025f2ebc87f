import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CausewayError } from '../../errors';

/** One `V###__Name.cypher` file, in the shape neo4j-migrations uses. */
export interface Migration {
  version: string;
  description: string;
  file: string;
  checksum: string;
  statements: string[];
}

const FILE_PATTERN = /^V(\d+)__(\w+)\.cypher$/;

export function readMigrations(directory: string): Migration[] {
  const migrations = readdirSync(directory)
    .filter((file) => file.endsWith('.cypher'))
    .map((file) => {
      const match = FILE_PATTERN.exec(file);
      if (!match) {
        throw new CausewayError(`migration file ${file} does not match V<version>__<Name>.cypher`, { code: 'MIGRATION_ERROR' });
      }
      const text = readFileSync(join(directory, file), 'utf8');
      return {
        version: match[1],
        description: match[2].replace(/_/g, ' '),
        file,
        checksum: createHash('sha256').update(text).digest('hex'),
        statements: splitStatements(text),
      };
    })
    .sort((a, b) => Number(a.version) - Number(b.version));
  for (let i = 1; i < migrations.length; i++) {
    if (Number(migrations[i].version) === Number(migrations[i - 1].version)) {
      throw new CausewayError(`migrations ${migrations[i - 1].file} and ${migrations[i].file} share a version`, { code: 'MIGRATION_ERROR' });
    }
  }
  return migrations;
}

/** Statements end with `;` at the end of a line; `//` comment lines are dropped. */
export function splitStatements(text: string): string[] {
  const statements: string[] = [];
  let current: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    if (/^\s*\/\//.test(line)) continue;
    current.push(line);
    if (/;\s*$/.test(line)) {
      const statement = current.join('\n').trim().replace(/;$/, '').trim();
      if (statement) statements.push(statement);
      current = [];
    }
  }
  const rest = current.join('\n').trim();
  if (rest) statements.push(rest);
  return statements;
}
