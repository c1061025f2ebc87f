import { entityIdOf, relationIdOf, textRecords } from '../../../../src/ingest/import';

describe('textRecords', () => {
  const text = 'Smoking causes lung cancer. Exercise reduces heart disease.\nSmoking does not cause happiness.';

  it('makes a document, entities by normalised name and relations with sentence evidence', () => {
    const parsed = textRecords(text, '/data/a.txt', 'txt');
    const doc = parsed.records.find((r) => r.kind === 'document')!;
    if (doc.kind !== 'document') throw new Error('expected a document');
    expect(doc.value.sentences.map((s) => s.text)).toEqual(['Smoking causes lung cancer.', 'Exercise reduces heart disease.', 'Smoking does not cause happiness.']);
    for (const s of doc.value.sentences) expect(text.slice(s.start, s.end)).toBe(s.text);
    const relations = parsed.records.flatMap((r) => (r.kind === 'relation' ? [r.value] : []));
    expect(relations.map((r) => [r.type, r.from, r.to])).toEqual([
      ['CAUSES', entityIdOf('smoking'), entityIdOf('lung cancer')],
      ['PREVENTS', entityIdOf('exercise'), entityIdOf('heart disease')],
    ]);
    expect(relations[0]!.evidence).toEqual([{ sentenceId: `${doc.value.id}#s0`, confidence: expect.any(Number) }]);
    expect(relations[0]!.id).toBe(relationIdOf('CAUSES', entityIdOf('smoking'), entityIdOf('lung cancer')));
    const entities = parsed.records.flatMap((r) => (r.kind === 'entity' ? [r] : []));
    expect(entities.every((e) => e.createOnly)).toBe(true);
    expect(entities.map((e) => e.value.name)).toEqual(expect.arrayContaining(['smoking', 'lung cancer', 'exercise', 'heart disease']));
    for (const m of doc.value.sentences.flatMap((s) => s.mentions)) expect(entities.some((e) => e.value.id === m.entityId)).toBe(true);
  });

  it('is deterministic and hashes the content', () => {
    const a = textRecords(text, '/data/a.txt', 'txt');
    expect(textRecords(text, '/data/a.txt', 'txt')).toEqual(a);
    const changed = textRecords(`${text} More.`, '/data/a.txt', 'txt');
    const sha = (p: typeof a) => p.records.flatMap((r) => (r.kind === 'document' ? [r.value.sha256] : []))[0];
    expect(sha(changed)).not.toBe(sha(a));
  });

  it('strips markup and keeps sentence offsets into the readable text', () => {
    const parsed = textRecords('# Title\n\nStress **triggers** migraines.\n', '/data/b.md', 'md');
    const relations = parsed.records.filter((r) => r.kind === 'relation');
    expect(relations).toHaveLength(1);
  });

  it('gives ids in the id alphabet to any name', () => {
    expect(entityIdOf('lung cancer')).toBe('n:lung-cancer');
    expect(entityIdOf('café au lait')).toMatch(/^n:caf-au-lait~[0-9a-f]{20}$/);
    expect(entityIdOf('covid-19')).toMatch(/^n:covid-19~/);
    expect(entityIdOf('covid-19')).not.toBe(entityIdOf('covid 19'));
  });
});
