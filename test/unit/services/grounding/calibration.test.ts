import { chooseThreshold, metricsAt, type LabelledOutcome } from '../../../../src/services/grounding/calibration';

const outcomes: LabelledOutcome[] = [
  { expected: 'a', best: { id: 'a', score: 0.9 } },
  { expected: 'b', best: { id: 'b', score: 0.7 } },
  { expected: 'c', best: { id: 'x', score: 0.55 } },
  { expected: null, best: { id: 'y', score: 0.4 } },
  { expected: null, best: { id: 'z', score: 0.3 } },
  { expected: null, best: null },
];

describe('calibration', () => {
  it('computes precision over answers, recall over expected entities, accuracy over all', () => {
    expect(metricsAt(outcomes, 0.5)).toEqual({ threshold: 0.5, accuracy: 5 / 6, precision: 2 / 3, recall: 2 / 3, answered: 3, total: 6 });
    expect(metricsAt(outcomes, 0.35)).toMatchObject({ accuracy: 4 / 6, answered: 4 });
  });

  it('picks the middle of the most accurate score gap', () => {
    // Accuracy 5/6 holds for thresholds in (0.4, 0.55] and in (0.55, 0.7] (a wrong 'x' and a
    // missed 'c' count the same); the second has precision 1, so its middle wins.
    const chosen = chooseThreshold(outcomes);
    expect(chosen.accuracy).toBeCloseTo(5 / 6, 10);
    expect(chosen.threshold).toBeCloseTo(0.625, 10);
  });
});
