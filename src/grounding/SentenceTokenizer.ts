import { readFileSync } from 'node:fs';
import { Tokenizer } from '@huggingface/tokenizers';
import { invalidModel } from '../errors';

/**
 * sentence-transformers truncates this model at max_seq_length = 256 tokens,
 * [CLS] and [SEP] included; the tokenizer.json it ships says 128, which
 * sentence-transformers overrides, and so do we.
 */
export const MAX_TOKENS = 256;

/**
 * WordPiece tokenisation with @huggingface/tokenizers on the model's own
 * tokenizer.json. The library applies neither truncation nor padding, so
 * truncation happens here; padding is the encoder's job.
 */
export class SentenceTokenizer {
  private readonly tokenizer: Tokenizer;

  constructor(tokenizerJson: object, tokenizerConfig: object, readonly maxTokens: number = MAX_TOKENS) {
    assertSingleSequenceTemplate(tokenizerJson);
    this.tokenizer = new Tokenizer(tokenizerJson, tokenizerConfig);
    this.vocabSize = this.tokenizer.get_vocab(true).size;
  }

  /** Ids run from 0 to vocabSize - 1. */
  readonly vocabSize: number;

  static fromFiles(tokenizerJsonPath: string, tokenizerConfigPath: string, maxTokens?: number): SentenceTokenizer {
    const read = (path: string): object => JSON.parse(readFileSync(path, 'utf8')) as object;
    return new SentenceTokenizer(read(tokenizerJsonPath), read(tokenizerConfigPath), maxTokens);
  }

  /** Token ids with [CLS] … [SEP], at most maxTokens long. */
  encode(text: string): number[] {
    const ids = this.tokenizer.encode(text, { add_special_tokens: true }).ids;
    if (ids.length <= this.maxTokens) return ids;
    // Same as the Rust tokenizer's truncation of a single sequence: keep the
    // first maxTokens-2 word pieces, then the closing [SEP].
    const kept = ids.slice(0, this.maxTokens - 1);
    kept.push(ids[ids.length - 1]!);
    return kept;
  }
}

interface TemplatePiece {
  SpecialToken?: unknown;
  Sequence?: unknown;
}

/** The truncation above is right only for a `[special] A [special]` template (BERT's). */
function assertSingleSequenceTemplate(tokenizerJson: object): void {
  const post = (tokenizerJson as { post_processor?: { type?: string; single?: TemplatePiece[] } }).post_processor;
  const single = post?.single;
  const ok =
    post?.type === 'TemplateProcessing' &&
    Array.isArray(single) &&
    single.length === 3 &&
    single[0]?.SpecialToken !== undefined &&
    single[1]?.Sequence !== undefined &&
    single[2]?.SpecialToken !== undefined;
  if (!ok) throw invalidModel('tokenizer.json: expected a TemplateProcessing post-processor of the form [CLS] $A [SEP]');
}
