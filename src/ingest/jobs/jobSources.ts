import { readFile } from 'node:fs/promises';
import { globSync } from 'glob';
import { badUserInput } from '../../errors';
import type { JobSource } from './JobDefinition';
import { TransientError } from './retryTransient';

/** One unit of a job's work, checkpointed on its own: a file or a URL. */
export interface SourceItem {
  /** Stable across runs: the path or URL. */
  key: string;
  read(): Promise<string>;
}

const FETCH_TIMEOUT_MS = 60_000;

/** The items a source holds now, in a stable order (so a resumed run sees the same list). */
export function listItems(source: JobSource): SourceItem[] {
  switch (source.kind) {
    case 'file':
      return [fileItem(source.path)];
    case 'glob':
      return globSync(source.pattern, { nodir: true, absolute: true }).sort().map(fileItem);
    case 'url':
      return [urlItem(source.url)];
  }
}

function fileItem(path: string): SourceItem {
  return { key: path, read: () => readFile(path, 'utf8') };
}

/** 429 and 5xx are the server's passing trouble: retried. Other failures are the item's. */
function urlItem(url: string): SourceItem {
  return {
    key: url,
    async read() {
      const response = await fetch(url, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS), redirect: 'follow' });
      if (response.status === 429 || response.status >= 500) throw new TransientError(`GET ${url}: HTTP ${response.status}`);
      if (!response.ok) throw badUserInput(`GET ${url}: HTTP ${response.status}`, 'source.url');
      return response.text();
    },
  };
}
