import { DEFAULT_MIN_CONFIDENCE, extractJsonLine } from '../../../../src/ingest/extract';

const relationsOf = (line: string, minConfidence?: number) =>
  (JSON.parse(extractJsonLine(line, minConfidence === undefined ? {} : { minConfidence })) as { relations: { confidence: number }[] }).relations;

describe('the extract contract’s confidence threshold', () => {
  const hedged = '{"id": 1, "text": "Smoking may cause lung cancer. The storm may have been a factor in the outage."}';

  it('keeps hedged claims at the default operating point', () => {
    expect(relationsOf('{"id": 1, "text": "Smoking may cause lung cancer."}')).toHaveLength(1);
  });

  it('drops every relation below the threshold and keeps every candidate at 0', () => {
    const all = relationsOf(hedged, 0);
    expect(all.length).toBeGreaterThan(0);
    expect(relationsOf(hedged, 1.01)).toEqual([]);
    const kept = relationsOf(hedged);
    expect(kept.every((r) => r.confidence >= DEFAULT_MIN_CONFIDENCE)).toBe(true);
    expect(kept).toEqual(all.filter((r) => r.confidence >= DEFAULT_MIN_CONFIDENCE));
  });
});
