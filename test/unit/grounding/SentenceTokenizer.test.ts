import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { locateModel } from '../../../src/grounding/modelLocation';
import { MAX_TOKENS, SentenceTokenizer } from '../../../src/grounding/SentenceTokenizer';
import { requireModelDir } from './modelForTests';

/**
 * token_ids.json was written by scripts/model/validate_export.py --write-fixtures:
 * the upstream Rust `tokenizers` 0.23.3 on the same tokenizer.json, truncation 256, no padding.
 */
const fixture = JSON.parse(
  readFileSync(join(__dirname, '../../fixtures/grounding/token_ids.json'), 'utf8'),
) as { text: string; ids: number[] }[];

describe('SentenceTokenizer', () => {
  const files = locateModel(requireModelDir());
  const tokenizer = SentenceTokenizer.fromFiles(files.tokenizerJsonPath, files.tokenizerConfigPath);

  it.each(fixture.map((f) => [JSON.stringify(f.text).slice(0, 60), f] as const))('matches the upstream ids for %s', (_, f) => {
    expect(tokenizer.encode(f.text)).toEqual(f.ids);
  });

  it('truncates at 256 word pieces, keeping the closing [SEP]', () => {
    const long = Array.from({ length: 400 }, (_, i) => `word${i % 7}`).join(' ');
    const ids = tokenizer.encode(long);
    expect(ids).toHaveLength(MAX_TOKENS);
    expect(ids[0]).toBe(101);
    expect(ids[MAX_TOKENS - 1]).toBe(102);
    expect(fixture.some((f) => f.ids.length === MAX_TOKENS)).toBe(true);
  });

  it('encodes the empty text as [CLS] [SEP]', () => {
    expect(tokenizer.encode('')).toEqual([101, 102]);
  });
});
