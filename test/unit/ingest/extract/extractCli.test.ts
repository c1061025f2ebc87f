import { PassThrough } from 'node:stream';
import { extractStream } from '../../../../src/cli/extract';
import { extractJsonLine } from '../../../../src/ingest/extract';

async function run(input: string): Promise<unknown[]> {
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  const chunks: string[] = [];
  stdout.on('data', (chunk: Buffer) => chunks.push(chunk.toString('utf8')));
  const done = extractStream(stdin, stdout);
  stdin.end(input);
  await done;
  return chunks.join('').split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as unknown);
}

describe('causeway extract: the JSONL stream contract', () => {
  it('writes one line per input line, in order, with the exact shape', async () => {
    const out = await run('{"id": "a", "text": "Smoking causes lung cancer."}\n{"id": 2, "text": "Vaccination prevents measles."}\n');
    expect(out).toEqual([
      {
        id: 'a',
        relations: [
          {
            cause: { text: 'Smoking', start: 0, end: 7 },
            effect: { text: 'lung cancer', start: 15, end: 26 },
            cue: { text: 'causes', start: 8, end: 14 },
            polarity: '+',
            confidence: expect.any(Number),
          },
        ],
        mentions: [
          { text: 'Smoking', start: 0, end: 7, type: expect.any(String) },
          { text: 'lung cancer', start: 15, end: 26, type: 'NP' },
        ],
      },
      {
        id: 2,
        relations: [expect.objectContaining({ polarity: '-', cause: expect.objectContaining({ text: 'Vaccination' }) })],
        mentions: expect.any(Array),
      },
    ]);
  });

  it('answers a bad line with {"id": null, "error"} and goes on', async () => {
    const lines = [
      '{"id": 1, "text": "Rain caused floods."}',
      'this is not json',
      '[1, 2]',
      '{"id": 3}',
      '{"text": "no id"}',
      '{"id": {"x": 1}, "text": "object id"}',
      '',
      '{"id": 4, "text": "Heat causes drought."}',
    ];
    const out = (await run(`${lines.join('\n')}\n`)) as Array<Record<string, unknown>>;
    expect(out).toHaveLength(lines.length);
    expect(out.map((line) => line.id)).toEqual([1, null, null, null, null, null, null, 4]);
    for (const bad of out.slice(1, 7)) {
      expect(Object.keys(bad).sort()).toEqual(['error', 'id']);
      expect(bad.error).toEqual(expect.any(String));
    }
  });

  it('accepts CRLF line ends and a last line without a newline', async () => {
    const out = (await run('{"id": 1, "text": "Rain caused floods."}\r\n{"id": 2, "text": "Heat causes drought."}')) as Array<Record<string, unknown>>;
    expect(out.map((line) => line.id)).toEqual([1, 2]);
  });

  it('streams: answers a line before the input has ended', async () => {
    const stdin = new PassThrough();
    const stdout = new PassThrough();
    const done = extractStream(stdin, stdout);
    stdin.write('{"id": "first", "text": "Rain caused floods."}\n');
    const first = await new Promise<string>((resolve) => stdout.once('data', (chunk: Buffer) => resolve(chunk.toString('utf8'))));
    expect(JSON.parse(first)).toMatchObject({ id: 'first' });
    stdin.end();
    await done;
  });

  it('keeps offsets relative to the input text, in UTF-16 code units', () => {
    const text = '🎉 Smoking causes cancer.';
    const out = JSON.parse(extractJsonLine(JSON.stringify({ id: 'u', text }))) as { relations: Array<{ cause: { start: number; end: number } }> };
    expect(out.relations[0]!.cause).toEqual({ text: 'Smoking', start: 3, end: 10 });
  });
});
