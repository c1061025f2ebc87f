import { checkRecords, parseJsonl } from '../../../../src/ingest/import';
import type { GraphClient } from '../../../../src/graph';

const lines = [
  '{"kind":"entity","id":"a","name":"A","type":"T"}',
  '{"kind":"entity","id":"b","name":"B","type":"T"}',
  '{"kind":"entity","id":"a","name":"A again","type":"T"}',
  '{"kind":"document","id":"d","sentences":[{"text":"A and B.","mentions":[{"entityId":"a","start":0,"end":1}]}]}',
  '{"kind":"document","id":"d2","sentences":[{"text":"Z.","mentions":[{"entityId":"z","start":0,"end":1}]}]}',
  '{"kind":"relation","id":"r1","type":"CAUSES","from":"a","to":"b","source":"extracted","evidence":[{"sentenceId":"d#s0","confidence":0.5}]}',
  '{"kind":"relation","id":"r2","type":"CAUSES","from":"a","to":"stored","strength":0.5}',
  '{"kind":"relation","id":"r3","type":"CAUSES","from":"a","to":"b","source":"extracted","evidence":[{"sentenceId":"d2#s0","confidence":0.5}]}',
  '{"kind":"relation","id":"r4","type":"CAUSES","from":"a","to":"b","source":"extracted","evidence":[{"sentenceId":"old#s3","confidence":0.5}]}',
];

/** A graph that knows entity "stored" and sentence "old#s3", and records what it was asked. */
function fakeGraph(asked: string[][]): GraphClient {
  const known: Record<string, string[]> = { 'entities/find-existing-entity-ids': ['stored'], 'provenance/find-existing-sentence-ids': ['old#s3'] };
  return {
    readQuery: async (name: string, params?: Record<string, unknown>) => {
      const ids = (params?.ids as string[]) ?? [];
      asked.push([name, ...ids]);
      return ids.filter((id) => known[name]?.includes(id)).map((id) => ({ id }));
    },
  } as unknown as GraphClient;
}

describe('checkRecords', () => {
  it('drops duplicate ids, dangling references and what depends on a dropped document, one error per line', async () => {
    const asked: string[][] = [];
    const { records, errors } = await checkRecords(parseJsonl(lines.join('\n'), 'f').records, fakeGraph(asked));
    expect(records.map((r) => r.value.id)).toEqual(['a', 'b', 'd', 'r1', 'r2', 'r4']);
    expect(errors.map((e) => [e.line, e.reason.replace(/".*?"/g, 'ID')])).toEqual([
      [3, 'entity id ID is already given at f:1'],
      [5, 'a mention refers to entity ID, which is neither in this import nor in the graph'],
      [8, 'relation r3: evidence sentence ID is neither in this import nor in the graph'],
    ]);
    // Only what the import itself does not provide is looked up.
    expect(asked).toEqual([
      ['entities/find-existing-entity-ids', 'z', 'stored'],
      ['provenance/find-existing-sentence-ids', 'd2#s0', 'old#s3'],
    ]);
  });

  it('without a graph, anything not in the import is unknown', async () => {
    const { errors } = await checkRecords(parseJsonl(lines[6]!, 'f').records, null);
    expect(errors).toHaveLength(1);
  });
});
