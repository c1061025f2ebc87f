/**
 * @jest-environment ./test/unit/grounding/onnxTestEnvironment.js
 */
import { PassThrough, Readable } from 'node:stream';
import { embedLines } from '../../../src/grounding/embedLines';
import { InProcessProvider } from '../../../src/grounding/InProcessProvider';
import { testProvider } from './modelForTests';

async function run(provider: InProcessProvider, input: string, chunkSize?: number): Promise<string[]> {
  const output = new PassThrough();
  const chunks: Buffer[] = [];
  output.on('data', (c: Buffer) => chunks.push(c));
  await embedLines(provider, Readable.from([input]), output, chunkSize);
  output.end();
  const text = Buffer.concat(chunks).toString('utf8');
  expect(text === '' || text.endsWith('\n')).toBe(true);
  return text === '' ? [] : text.slice(0, -1).split('\n');
}

describe('embedLines (the `causeway embed` contract)', () => {
  let provider: InProcessProvider;
  beforeAll(async () => {
    provider = await testProvider();
  });
  afterAll(async () => provider?.close());

  it('writes one 384-number JSON array per input line, in order, empty lines included', async () => {
    const lines = await run(provider, 'Smoking causes lung cancer.\n\nRain causes wet streets.\r\n', 2);
    expect(lines).toHaveLength(3);
    const vectors = lines.map((l) => JSON.parse(l) as number[]);
    for (const v of vectors) {
      expect(v).toHaveLength(384);
      expect(v.every((x) => typeof x === 'number' && Number.isFinite(x))).toBe(true);
    }
    const expected = (await provider.embed(['Smoking causes lung cancer.', '', 'Rain causes wet streets.'])).vectors;
    vectors.forEach((v, i) => v.forEach((x, j) => expect(x).toBeCloseTo(expected[i]![j]!, 6)));
  });

  it('reads a last line without a newline, and writes nothing for no input', async () => {
    expect(await run(provider, 'a\nb')).toHaveLength(2);
    expect(await run(provider, '')).toEqual([]);
    expect(await run(provider, '\n')).toHaveLength(1);
  });
});
