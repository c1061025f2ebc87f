/**
 * Threshold calibration for "no match": given, per labelled query, the
 * expected entity (null when the right answer is "no match") and the best
 * candidate with its score, pick the threshold with the most right answers.
 */
export interface LabelledOutcome {
  expected: string | null;
  /** The best-ranked candidate whatever its score; null when nothing was retrieved. */
  best: { id: string; score: number } | null;
}

export interface ThresholdMetrics {
  threshold: number;
  /** Right answers (the expected entity, or "no match" when none is expected) over all queries. */
  accuracy: number;
  /** Right entities over answered queries (1 when none was answered). */
  precision: number;
  /** Right entities over queries that have an expected entity. */
  recall: number;
  answered: number;
  total: number;
}

export function metricsAt(outcomes: readonly LabelledOutcome[], threshold: number): ThresholdMetrics {
  let right = 0;
  let answered = 0;
  let rightEntities = 0;
  const withEntity = outcomes.filter((o) => o.expected !== null).length;
  for (const { expected, best } of outcomes) {
    const answer = best && best.score >= threshold ? best.id : null;
    if (answer !== null) answered += 1;
    if (answer === expected) right += 1;
    if (answer !== null && answer === expected) rightEntities += 1;
  }
  return {
    threshold,
    accuracy: outcomes.length === 0 ? 0 : right / outcomes.length,
    precision: answered === 0 ? 1 : rightEntities / answered,
    recall: withEntity === 0 ? 1 : rightEntities / withEntity,
    answered,
    total: outcomes.length,
  };
}

/**
 * The threshold of highest accuracy. Accuracy only changes at observed
 * scores, so the candidates are the midpoints between consecutive distinct
 * scores. Ties go to higher precision (a wrong entity costs more than a
 * missed one), then to the widest interval, whose middle is taken: the
 * choice least sensitive to where exactly the scores fall.
 */
export function chooseThreshold(outcomes: readonly LabelledOutcome[]): ThresholdMetrics {
  const scores = [...new Set(outcomes.flatMap((o) => (o.best ? [o.best.score] : [])))].sort((a, b) => a - b);
  const cuts = [0, ...scores.slice(1).map((s, i) => (s + scores[i]!) / 2), (scores[scores.length - 1] ?? 0) + 1e-9];
  let best: { metrics: ThresholdMetrics; low: number; high: number } | null = null;
  for (let i = 0; i < cuts.length; i++) {
    const metrics = metricsAt(outcomes, cuts[i]!);
    // The interval over which this cut's accuracy holds: between the scores around it.
    const low = i === 0 ? 0 : scores[i - 1]!;
    const high = scores[i] ?? 1;
    if (!best || better(metrics, high - low, best.metrics, best.high - best.low)) {
      best = { metrics, low, high };
    }
  }
  if (!best) return metricsAt(outcomes, 0.5);
  return metricsAt(outcomes, (best.low + best.high) / 2);
}

function better(a: ThresholdMetrics, aWidth: number, b: ThresholdMetrics, bWidth: number): boolean {
  if (a.accuracy !== b.accuracy) return a.accuracy > b.accuracy;
  if (a.precision !== b.precision) return a.precision > b.precision;
  return aWidth > bWidth;
}
