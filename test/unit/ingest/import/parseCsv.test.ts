import { parseCsv, splitCsv } from '../../../../src/ingest/import';

describe('parseCsv', () => {
  it('reads entities with aliases and numbers, empty cells left out', () => {
    const parsed = parseCsv('id,name,type,aliases,description,baseRate\ne1,Smoking,Exposure,tobacco;cigarettes,,0.2\ne2,"Lung cancer, NSCLC",Disease,,"a ""quoted"" note",\n', 'e.csv');
    expect(parsed.errors).toEqual([]);
    expect(parsed.records.map((r) => r.value)).toEqual([
      { id: 'e1', name: 'Smoking', type: 'Exposure', aliases: ['tobacco', 'cigarettes'], baseRate: 0.2 },
      { id: 'e2', name: 'Lung cancer, NSCLC', type: 'Disease', description: 'a "quoted" note' },
    ]);
  });

  it('reads relations when the header has from and to', () => {
    const parsed = parseCsv('id,type,from,to,strength\nr1,CAUSES,e1,e2,0.7\nr2,PREVENTS,e3,e2,0.4\n', 'r.csv');
    expect(parsed.errors).toEqual([]);
    expect(parsed.records.map((r) => [r.kind, r.origin.line, r.value.id])).toEqual([
      ['relation', 2, 'r1'],
      ['relation', 3, 'r2'],
    ]);
  });

  it('numbers records by the line they start on when a quoted field spans lines', () => {
    const parsed = parseCsv('id,name,type,description\ne1,A,T,"two\nlines"\ne2,B,T,\n', 'e.csv');
    expect(parsed.records.map((r) => r.origin.line)).toEqual([2, 4]);
  });

  it.each([
    ['e3,C', /has 2 fields, the header has 4/],
    ['e3,C,T,x,y', /has 5 fields/],
    ['bad id,C,T,', /entity\.id/],
    ['e3,,T,', /entity\.name/],
    ['e3,C,not a type,', /entity\.type/],
    ['e3,C,T,"unclosed', /not a CSV record/],
    ['e3,C,T,x"y"z', /not a CSV record/],
  ])('reports %s as one error for its line and goes on', (bad, reason) => {
    const parsed = parseCsv(`id,name,type,description\ne1,A,T,\n${bad}\ne2,B,T,\n`, 'e.csv');
    expect(parsed.records.map((r) => r.value.id)).toEqual(['e1', 'e2']);
    expect(parsed.errors).toHaveLength(1);
    expect(parsed.errors[0]).toMatchObject({ file: 'e.csv', line: 3 });
    expect(parsed.errors[0]!.reason).toMatch(reason);
  });

  it.each([
    ['r3,CAUSES,e1,e2,1.5', /relation\.strength/],
    ['r3,CAUSES,e1,e2,strong', /relation\.strength/],
    ['r3,CAUSES,e1,e1,0.5', /to itself/],
    ['r3,HAS_SENTENCE,e1,e2,0.5', /reserved/],
  ])('reports the relation line %s', (bad, reason) => {
    const parsed = parseCsv(`id,type,from,to,strength\n${bad}\nr1,CAUSES,e1,e2,0.5\n`, 'r.csv');
    expect(parsed.records.map((r) => r.value.id)).toEqual(['r1']);
    expect(parsed.errors).toEqual([{ file: 'r.csv', line: 2, reason: expect.stringMatching(reason) }]);
  });

  it('rejects a header with unknown columns once, naming line 1', () => {
    const parsed = parseCsv('id,name,colour\ne1,A,red\n', 'e.csv');
    expect(parsed.records).toEqual([]);
    expect(parsed.errors).toEqual([{ file: 'e.csv', line: 1, reason: expect.stringMatching(/unknown column\(s\) colour/) }]);
  });

  it('splitCsv resumes after a stray quote at the next physical line', () => {
    const split = splitCsv('a,b\n"x,y\nc,d\n');
    expect(split.rows.map((r) => r.line)).toEqual([1, 3]);
    expect(split.malformed.map((m) => m.line)).toEqual([2]);
  });
});
