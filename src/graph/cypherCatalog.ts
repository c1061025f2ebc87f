import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { CausewayError } from '../errors';

/**
 * Every query the application runs lives in cypher/<domain>/<verb-noun>.cypher
 * and is loaded once at start, so a missing or unreadable file fails start-up
 * with its name instead of failing the first request that needs it.
 */
export class CypherCatalog {
  private constructor(private readonly queries: ReadonlyMap<string, string>) {}

  static load(directory: string): CypherCatalog {
    const queries = new Map<string, string>();
    const walk = (dir: string): void => {
      for (const entry of readdirSync(dir).sort()) {
        const full = join(dir, entry);
        if (statSync(full).isDirectory()) walk(full);
        else if (entry.endsWith('.cypher')) {
          const name = relative(directory, full).split(sep).join('/').replace(/\.cypher$/, '');
          let text: string;
          try {
            text = readFileSync(full, 'utf8');
          } catch (error) {
            throw new CausewayError(`cannot read Cypher file ${full}: ${(error as Error).message}`, { code: 'CONFIG_ERROR', cause: error });
          }
          if (!text.trim()) throw new CausewayError(`Cypher file ${full} is empty`, { code: 'CONFIG_ERROR' });
          queries.set(name, text);
        }
      }
    };
    try {
      walk(directory);
    } catch (error) {
      if (error instanceof CausewayError) throw error;
      throw new CausewayError(`cannot read the Cypher directory ${directory}: ${(error as Error).message}`, { code: 'CONFIG_ERROR', cause: error });
    }
    return new CypherCatalog(queries);
  }

  /** The query text; a name with no file is a programming error surfaced with the name. */
  get(name: string): string {
    const text = this.queries.get(name);
    if (text === undefined) {
      throw new CausewayError(`no Cypher query named "${name}" (expected cypher/${name}.cypher)`, { code: 'CONFIG_ERROR' });
    }
    return text;
  }

  /** Fails start-up when any of `names` has no file. */
  require(names: readonly string[]): void {
    for (const name of names) this.get(name);
  }

  names(): string[] {
    return [...this.queries.keys()];
  }
}
