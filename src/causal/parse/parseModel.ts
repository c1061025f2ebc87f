import { invalidModel } from '../../errors';
import type { CausalModel } from '../model/types';
import { parseBif } from './bif';
import { parseJsonText } from './jsonText';
import { cptModelFromJson, noisyOrModelFromJson } from './modelJson';

/**
 * Reads a model file's text, choosing the format by content: JSON with
 * "variables"/"cpts" is CPT JSON, JSON with "nodes" is noisy-OR JSON, and
 * anything that does not start with "{" is BIF.
 */
export function parseModelText(text: string): CausalModel {
  const body = text.replace(/^\uFEFF/, '');
  if (!body.trimStart().startsWith('{')) return parseBif(body);
  const doc = parseJsonText(body, 'model JSON');
  if (doc && typeof doc === 'object' && !Array.isArray(doc)) {
    if ('cpts' in doc || 'variables' in doc) return cptModelFromJson(doc);
    if ('nodes' in doc) return noisyOrModelFromJson(doc);
  }
  throw invalidModel('model JSON has neither "nodes" (noisy-OR) nor "variables"/"cpts" (CPT)');
}
