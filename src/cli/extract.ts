import type { Command } from 'commander';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { extractJsonLine } from '../ingest/extract';
import { runAction } from './runAction';

export function registerExtractCommand(program: Command): void {
  program
    .command('extract')
    .description(
      'Read JSONL {"id", "text"} on stdin; write one JSONL line per input line, in order: ' +
        '{"id", "relations": [{cause, effect, cue, polarity, confidence}], "mentions": [...]}, ' +
        'or {"id": null, "error"} for a line that is not valid input. Offsets are UTF-16 indices, end exclusive.',
    )
    .action(runAction(() => extractStream(process.stdin, process.stdout)));
}

/**
 * Streams line by line: nothing beyond the current line is held, and writing
 * waits for the consumer (backpressure) so a slow reader bounds memory.
 */
export async function extractStream(input: Readable, output: Writable): Promise<void> {
  const lines = createInterface({ input, crlfDelay: Infinity });
  for await (const line of lines) {
    if (!output.write(`${extractJsonLine(line)}\n`)) await once(output, 'drain');
  }
}
