import { parseJsonl } from '../../../../src/ingest/import';

const good = [
  '{"kind":"entity","id":"e1","name":"Smoking","type":"Exposure","aliases":["tobacco"]}',
  '{"kind":"entity","id":"e2","name":"Lung cancer","type":"Disease","baseRate":0.01}',
  '{"kind":"document","id":"d1","title":"Note","sentences":[{"text":"Smoking causes lung cancer.","mentions":[{"entityId":"e1","start":0,"end":7}]},{"text":"It is bad."}]}',
  '{"kind":"relation","id":"r1","type":"CAUSES","from":"e1","to":"e2","source":"extracted","evidence":[{"sentenceId":"d1#s0","confidence":0.8}]}',
];

describe('parseJsonl', () => {
  it('reads entities, documents and relations with their line numbers', () => {
    const parsed = parseJsonl(`${good.join('\n')}\n`, 'f.jsonl');
    expect(parsed.errors).toEqual([]);
    expect(parsed.lines).toBe(4);
    expect(parsed.records.map((r) => [r.kind, r.origin.line, r.value.id])).toEqual([
      ['entity', 1, 'e1'],
      ['entity', 2, 'e2'],
      ['document', 3, 'd1'],
      ['relation', 4, 'r1'],
    ]);
  });

  it('lays out sentences without offsets one space apart and hashes the document', () => {
    const doc = parseJsonl(good[2]!, 'f.jsonl').records[0]!;
    if (doc.kind !== 'document') throw new Error('expected a document');
    expect(doc.value.sentences.map((s) => [s.start, s.end])).toEqual([
      [0, 27],
      [28, 38],
    ]);
    expect(doc.value.sha256).toMatch(/^[0-9a-f]{64}$/);
    const changed = parseJsonl(good[2]!.replace('It is bad.', 'It is worse.'), 'f.jsonl').records[0]!;
    expect(changed.kind === 'document' && changed.value.sha256).not.toBe(doc.value.sha256);
  });

  it.each([
    ['{"kind":"entity","id":"e1"', /not valid JSON/],
    ['[1,2]', /must be a JSON object/],
    ['{"id":"x"}', /"kind" must be/],
    ['{"kind":"widget","id":"x"}', /"kind" must be/],
    ['{"kind":"entity","id":"bad id","name":"x","type":"T"}', /entity\.id/],
    ['{"kind":"entity","id":"e9","type":"T"}', /entity\.name/],
    ['{"kind":"entity","id":"e9","name":"x","type":"T","baseRate":1.5}', /entity\.baseRate/],
    ['{"kind":"relation","id":"r9","type":"causes","from":"a","to":"b","strength":0.5}', /relation\.type/],
    ['{"kind":"relation","id":"r9","type":"CAUSES","from":"a","to":"a","strength":0.5}', /to itself/],
    ['{"kind":"relation","id":"r9","type":"CAUSES","from":"a","to":"b","strength":2}', /relation\.strength/],
    ['{"kind":"document","id":"d9","sentences":"no"}', /document\.sentences/],
    ['{"kind":"document","id":"d9","sentences":[{"text":"Hi.","mentions":[{"entityId":"e1","start":5,"end":9}]}]}', /not a non-empty span inside its sentence/],
  ])('reports %s as one error for its line and goes on', (bad, reason) => {
    const parsed = parseJsonl([good[0], bad, good[1]].join('\n'), 'f.jsonl');
    expect(parsed.records.map((r) => r.origin.line)).toEqual([1, 3]);
    expect(parsed.errors).toHaveLength(1);
    expect(parsed.errors[0]).toMatchObject({ file: 'f.jsonl', line: 2 });
    expect(parsed.errors[0]!.reason).toMatch(reason);
  });

  it('skips blank lines and accepts CRLF', () => {
    const parsed = parseJsonl(`${good[0]}\r\n\r\n${good[1]}\r\n`, 'f.jsonl');
    expect(parsed.errors).toEqual([]);
    expect(parsed.records.map((r) => r.origin.line)).toEqual([1, 3]);
  });
});
