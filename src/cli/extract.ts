import type { Command } from 'commander';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { DEFAULT_MIN_CONFIDENCE, extractJsonLine, type JsonLineOptions } from '../ingest/extract';
import { runAction, UsageError } from './runAction';

export function registerExtractCommand(program: Command): void {
  program
    .command('extract')
    .description(
      'Read JSONL {"id", "text"} on stdin; write one JSONL line per input line, in order: ' +
        '{"id", "relations": [{cause, effect, cue, polarity, confidence}], "mentions": [...]}, ' +
        'or {"id": null, "error"} for a line that is not valid input. Offsets are UTF-16 indices, end exclusive.',
    )
    .option('--min-confidence <c>', 'drop relations below this confidence (0 keeps every candidate)', String(DEFAULT_MIN_CONFIDENCE))
    .action(
      runAction((options: { minConfidence: string }) => {
        const minConfidence = Number(options.minConfidence);
        if (!(minConfidence >= 0 && minConfidence <= 1)) throw new UsageError('--min-confidence expects a number in [0, 1]');
        return extractStream(process.stdin, process.stdout, { minConfidence });
      }),
    );
}

/**
 * Streams line by line: nothing beyond the current line is held, and writing
 * waits for the consumer (backpressure) so a slow reader bounds memory.
 */
export async function extractStream(input: Readable, output: Writable, options: JsonLineOptions = {}): Promise<void> {
  const lines = createInterface({ input, crlfDelay: Infinity });
  for await (const line of lines) {
    if (!output.write(`${extractJsonLine(line, options)}\n`)) await once(output, 'drain');
  }
}
