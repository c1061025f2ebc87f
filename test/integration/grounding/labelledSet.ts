import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createEmbeddingClient, defaultModelDir, loadEmbeddingConfig, type EmbeddingClient } from '../../../src/grounding';

const DIR = join(__dirname, '..', '..', 'fixtures', 'grounding-labelled');

export interface LabelledEntity {
  id: string;
  name: string;
  type: string;
  aliases: string[];
  description: string;
}

export interface LabelledQuery {
  text: string;
  type?: string;
  expected: string | null;
  kind: string;
}

export interface LabelledMention {
  mention: string;
  context: string;
  type: string | null;
  expected: string | null;
}

/** A mention whose right answer differs from an entity's name by a word or so (see near-misses.json's `why`). */
export interface NearMiss extends LabelledMention {
  why: string;
}

export const labelled = {
  entities: JSON.parse(readFileSync(join(DIR, 'entities.json'), 'utf8')) as LabelledEntity[],
  queries: JSON.parse(readFileSync(join(DIR, 'queries.json'), 'utf8')) as LabelledQuery[],
  mentions: JSON.parse(readFileSync(join(DIR, 'mentions.json'), 'utf8')) as LabelledMention[],
  nearMisses: JSON.parse(readFileSync(join(DIR, 'near-misses.json'), 'utf8')) as NearMiss[],
};

/** Even positions calibrate, odd positions evaluate: both halves get every kind of query. */
export function split<T>(items: readonly T[]): { calibration: T[]; evaluation: T[] } {
  return { calibration: items.filter((_, i) => i % 2 === 0), evaluation: items.filter((_, i) => i % 2 === 1) };
}

/** The real in-process model; a missing model is a setup error with the fix in the message. */
export async function realEmbeddingClient(): Promise<EmbeddingClient> {
  const dir = process.env.CAUSEWAY_MODEL_DIR ?? defaultModelDir();
  if (!existsSync(join(dir, 'model.onnx'))) {
    throw new Error(`no model in ${dir}: run \`node scripts/model/provision.js\` (npm install runs it) before the grounding tests`);
  }
  return createEmbeddingClient(loadEmbeddingConfig({ ...process.env, EMBEDDINGS_URL: undefined, EMBEDDINGS_THREADS: '1' }));
}
