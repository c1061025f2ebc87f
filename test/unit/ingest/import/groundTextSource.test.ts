import { emptyGroundingCounts, groundTextSource, relationIdOf, type ImportRecord, type MentionResolver } from '../../../../src/ingest';

const TEXT = 'Smoking causes lung cancer. Lung cancer causes coughing.';

/** Joins "lung cancer" to e:lc only where the sentence is about smoking: a stand-in for the context check. */
function fakeResolver(calls: [string, string | null, string | null][]): MentionResolver {
  return {
    async resolveMention(mention, context, type) {
      calls.push([mention, context, type]);
      return mention === 'lung cancer' && context?.includes('Smoking') ? { decision: 'join', entity: { id: 'e:lc' } } : { decision: 'new', entity: null };
    },
  };
}

const mentionsOf = (records: ImportRecord[]) => {
  const doc = records.find((r) => r.kind === 'document');
  return doc?.kind === 'document' ? doc.value.sentences.map((s) => s.mentions.map((m) => m.entityId)) : [];
};

describe('groundTextSource', () => {
  it('writes joined mentions, and the relations between them, against the joined entity, per sentence', async () => {
    const calls: [string, string | null, string | null][] = [];
    const counts = emptyGroundingCounts('model');
    const parsed = await groundTextSource(TEXT, 'notes.txt', 'txt', fakeResolver(calls), counts);

    expect(mentionsOf(parsed.records)).toEqual([
      ['n:smoking', 'e:lc'],
      ['n:lung-cancer', 'n:coughing'],
    ]);
    const relations = parsed.records.flatMap((r) => (r.kind === 'relation' ? [r.value] : []));
    expect(relations.map((r) => [r.id, r.from, r.to])).toEqual([
      [relationIdOf('CAUSES', 'n:smoking', 'e:lc'), 'n:smoking', 'e:lc'],
      [relationIdOf('CAUSES', 'n:lung-cancer', 'n:coughing'), 'n:lung-cancer', 'n:coughing'],
    ]);
    // Normalised names, the sentence as context, no type (the extractor types nothing).
    expect(calls).toContainEqual(['lung cancer', 'Smoking causes lung cancer.', null]);
    expect(calls).toContainEqual(['lung cancer', 'Lung cancer causes coughing.', null]);
    expect(counts).toEqual({ resolver: 'model', resolved: 4, joined: 1, unchangedDocuments: 0 });
    // The joined entity exists already: no record creates it.
    expect(parsed.records.some((r) => r.kind === 'entity' && r.value.id === 'e:lc')).toBe(false);
  });

  it('is deterministic: the same answers give the same records', async () => {
    const a = await groundTextSource(TEXT, 'notes.txt', 'txt', fakeResolver([]), emptyGroundingCounts('model'));
    const b = await groundTextSource(TEXT, 'notes.txt', 'txt', fakeResolver([]), emptyGroundingCounts('model'));
    expect(b).toEqual(a);
  });

  it('keeps normalised-name ids when the resolver joins nothing', async () => {
    const none: MentionResolver = { resolveMention: async () => ({ decision: 'new', entity: null }) };
    const parsed = await groundTextSource(TEXT, 'notes.txt', 'txt', none, emptyGroundingCounts('model'));
    expect(mentionsOf(parsed.records)).toEqual([
      ['n:smoking', 'n:lung-cancer'],
      ['n:lung-cancer', 'n:coughing'],
    ]);
  });
});
