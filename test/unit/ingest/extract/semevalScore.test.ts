import { scoreCauseEffect } from '../../../../scripts/eval/causeEffectScore';
import { isHeldOut, parseSemEval, stripTags } from '../../../../scripts/eval/semevalCorpus';

const CORPUS = [
  '1\t"The <e1>fire</e1> was caused by <e2>lightning</e2>."',
  'Cause-Effect(e2,e1)',
  'Comment:',
  '',
  '2\t"The <e1>factory</e1> makes <e2>cars</e2>."',
  'Product-Producer(e2,e1)',
  'Comment:',
  '',
  '5\t"<e1>Smoking</e1> causes <e2>cancer</e2>."',
  'Cause-Effect(e1,e2)',
  'Comment:',
  '',
].join('\n');

describe('SemEval-2010 Task 8 reading', () => {
  it('strips the tags and keeps the nominals at their untagged offsets', () => {
    const { text, e1, e2 } = stripTags('The <e1>fire</e1> was caused by <e2>lightning</e2>.');
    expect(text).toBe('The fire was caused by lightning.');
    expect(text.slice(e1.start, e1.end)).toBe('fire');
    expect(text.slice(e2.start, e2.end)).toBe('lightning');
  });

  it('reads the direction into cause and effect', () => {
    const [first, second, third] = parseSemEval(CORPUS);
    expect(first!.text.slice(first!.gold!.cause.start, first!.gold!.cause.end)).toBe('lightning');
    expect(second!.gold).toBeUndefined();
    expect(third!.text.slice(third!.gold!.effect.start, third!.gold!.effect.end)).toBe('cancer');
    expect([first, second, third].map((example) => isHeldOut(example!))).toEqual([false, false, true]);
  });
});

describe('directional Cause-Effect scoring', () => {
  const [fire, factory] = parseSemEval(CORPUS);
  const span = (start: number, end: number) => ({ start, end });

  it('counts a prediction whose spans contain the gold nominals, once', () => {
    const right = { cause: span(23, 32), effect: span(0, 8), polarity: '+' as const, confidence: 1 };
    const score = scoreCauseEffect([{ example: fire!, predicted: [right, right] }]);
    expect(score).toMatchObject({ gold: 1, predicted: 2, truePositives: 1, precision: 0.5, recall: 1 });
  });

  it('counts a reversed direction, a partial span and any relation in another class as false positives', () => {
    const reversed = { cause: span(0, 8), effect: span(23, 32), polarity: '+' as const, confidence: 1 };
    const partial = { cause: span(23, 27), effect: span(0, 8), polarity: '+' as const, confidence: 1 };
    const other = { cause: span(0, 11), effect: span(18, 22), polarity: '-' as const, confidence: 1 };
    const score = scoreCauseEffect([
      { example: fire!, predicted: [reversed, partial] },
      { example: factory!, predicted: [other] },
    ]);
    expect(score).toMatchObject({ gold: 1, predicted: 3, truePositives: 0, precision: 0, recall: 0, f1: 0 });
    expect(score.falsePositivesByRelation).toEqual({ 'Cause-Effect': 2, 'Product-Producer': 1 });
  });
});
