import type { DocumentFormat } from '../extract';
import type { ParsedSource } from './records';
import { spanKey, textRecords } from './textRecords';

/**
 * What text ingestion needs of grounding: GroundingService.resolveMention
 * (src/services/grounding), which joins a mention to an existing entity only
 * when its name score, type and masked-context similarity all agree.
 */
export interface MentionResolver {
  resolveMention(mention: string, context: string | null, type: string | null): Promise<{ decision: 'join' | 'new'; entity: { id: string } | null }>;
}

/** How a run's text mentions were resolved, for its summary. */
export interface GroundingCounts {
  /** `model`: grounding resolver; `normalised-name`: no model, one entity per normalised name. */
  resolver: 'model' | 'normalised-name';
  /** Distinct (mention, sentence) pairs sent to the resolver. */
  resolved: number;
  /** … of which joined an existing entity. */
  joined: number;
  /** Text documents stored already with the same content: their mentions were not resolved again. */
  unchangedDocuments: number;
}

/** GroundingService's limit on mention and context length. */
const MAX_CONTEXT = 2_000;

export const emptyGroundingCounts = (resolver: GroundingCounts['resolver']): GroundingCounts => ({ resolver, resolved: 0, joined: 0, unchangedDocuments: 0 });

/**
 * A text document's records with each mention resolved in its sentence:
 * a first extraction lists the mentions, the resolver decides each one
 * (no type: the extractor does not type noun phrases, so resolveMention's
 * type check has nothing to compare and name score and context decide), and
 * a second extraction writes joined mentions, and the relations between
 * them, against the joined entities. A mention the resolver leaves "new" keeps
 * its normalised-name id. Identical (mention, sentence) pairs are resolved
 * once.
 */
export async function groundTextSource(content: string, uri: string, format: DocumentFormat, resolver: MentionResolver, counts: GroundingCounts): Promise<ParsedSource> {
  const byName = textRecords(content, uri, format);
  const document = byName.records.find((r) => r.kind === 'document');
  if (!document || document.kind !== 'document') return byName;
  // The normalised name ("jaguar" for "The jaguar"), not the span: determiners would dilute the name match.
  const names = new Map(byName.records.flatMap((r) => (r.kind === 'entity' ? [[r.value.id, r.value.name] as const] : [])));
  // Sequential on purpose: the in-process model runs one batch at a time anyway, and a
  // large document must not open hundreds of graph sessions at once.
  const decisions = new Map<string, string | null>();
  const resolved = new Map<string, string>();
  for (const sentence of document.value.sentences) {
    for (const mention of sentence.mentions) {
      const name = names.get(mention.entityId);
      if (name === undefined) continue;
      const key = `${name}\u0000${sentence.text}`;
      let id = decisions.get(key);
      if (id === undefined) {
        // The resolver reads at most MAX_CONTEXT characters of context; a longer sentence is judged by name alone.
        const context = sentence.text.length <= MAX_CONTEXT ? sentence.text : null;
        const resolution = await resolver.resolveMention(name, context, null);
        id = resolution.decision === 'join' && resolution.entity ? resolution.entity.id : null;
        decisions.set(key, id);
        counts.resolved++;
        if (id !== null) counts.joined++;
      }
      if (id !== null) resolved.set(spanKey(mention), id);
    }
  }
  return resolved.size === 0 ? byName : textRecords(content, uri, format, resolved);
}
