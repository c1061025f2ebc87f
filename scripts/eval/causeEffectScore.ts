import type { Nominal, SemEvalExample } from './semevalCorpus';

export interface PredictedSpan {
  readonly start: number;
  readonly end: number;
}

export interface PredictedRelation {
  readonly cause: PredictedSpan;
  readonly effect: PredictedSpan;
  readonly polarity: '+' | '-';
  readonly confidence: number;
  readonly cue?: PredictedSpan;
}

export interface Score {
  readonly examples: number;
  readonly gold: number;
  readonly predicted: number;
  readonly truePositives: number;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  /** False positives by the sentence's gold relation: where the cues mislead. */
  readonly falsePositivesByRelation: Readonly<Record<string, number>>;
}

const contains = (span: PredictedSpan, nominal: Nominal): boolean => span.start <= nominal.start && nominal.end <= span.end;

/**
 * Directional Cause-Effect scoring: a prediction is a true positive when its
 * cause span contains the gold cause nominal and its effect span the gold
 * effect nominal. Each gold relation is matched at most once; every other
 * prediction, of either polarity, is a false positive.
 */
export function scoreCauseEffect(items: ReadonlyArray<{ example: SemEvalExample; predicted: readonly PredictedRelation[] }>): Score {
  let gold = 0;
  let predicted = 0;
  let truePositives = 0;
  const falsePositivesByRelation: Record<string, number> = {};
  for (const { example, predicted: relations } of items) {
    if (example.gold) gold += 1;
    let matched = false;
    for (const relation of relations) {
      predicted += 1;
      const hit = !matched && example.gold !== undefined && contains(relation.cause, example.gold.cause) && contains(relation.effect, example.gold.effect);
      if (hit) {
        matched = true;
        truePositives += 1;
      } else {
        falsePositivesByRelation[example.relation] = (falsePositivesByRelation[example.relation] ?? 0) + 1;
      }
    }
  }
  const precision = predicted === 0 ? 0 : truePositives / predicted;
  const recall = gold === 0 ? 0 : truePositives / gold;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { examples: items.length, gold, predicted, truePositives, precision, recall, f1, falsePositivesByRelation };
}
