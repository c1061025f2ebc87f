import { invariant } from '../../errors';
import type { GraphClient } from '../../graph';
import { createKnowledgeGraph, sentenceId } from '../kg';
import demo from './demoGraph.json';

export interface DemoLoadReport {
  loaded: boolean;
  entities: number;
  relations: number;
  sentences: number;
}

/** Written as `assertedBy` on every demo fact, so they can be told from real data. */
export const DEMO_AUTHOR = 'demo';

/**
 * On an empty graph (no entities, documents or relations), loads the demo
 * graph of demoGraph.json through the same services the API uses, so it is
 * validated like any write. A graph with data is left alone.
 */
export async function loadDemoGraphIfEmpty(graph: GraphClient): Promise<DemoLoadReport> {
  const [counts] = await graph.readQuery('export/count-graph-nodes');
  const empty = !counts || (Number(counts.entities) === 0 && Number(counts.documents) === 0 && Number(counts.relations) === 0);
  if (!empty) return { loaded: false, entities: 0, relations: 0, sentences: 0 };

  const kg = createKnowledgeGraph(graph);
  const context = { assertedBy: DEMO_AUTHOR };
  await kg.entities.upsert(demo.entities, context);
  const document = demoDocument();
  await kg.provenance.upsertDocuments([document], context);
  await kg.relations.upsert(
    demo.relations.map(({ evidence, ...relation }) => ({
      ...relation,
      source: relation.source?.toLowerCase(),
      evidence: evidence?.map(([idx, confidence]) => ({ sentenceId: sentenceId(demo.document.id, idx!), confidence })),
    })),
    context,
  );
  return { loaded: true, entities: demo.entities.length, relations: demo.relations.length, sentences: document.sentences.length };
}

/** Sentences joined by one space; offsets are computed, so the data file holds only text. */
function demoDocument() {
  let offset = 0;
  const sentences = demo.document.sentences.map((sentence) => {
    const start = offset;
    offset += sentence.text.length + 1;
    return {
      text: sentence.text,
      start,
      end: start + sentence.text.length,
      mentions: sentence.mentions.map(([entityId, surface]) => {
        const at = sentence.text.indexOf(surface!);
        invariant(at >= 0, `demo mention "${surface}" occurs in its sentence`);
        return { entityId: entityId!, start: start + at, end: start + at + surface!.length };
      }),
    };
  });
  return { id: demo.document.id, uri: demo.document.uri, title: demo.document.title, sentences };
}
