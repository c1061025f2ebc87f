import { contentWords, mentionNameMatch } from '../../../../src/services/grounding';

describe('mentionNameMatch', () => {
  it('is exact for a normalised name or alias, and for the same content words in order', () => {
    expect(mentionNameMatch('THE FLU', ['Influenza', 'the flu'])).toEqual({ kind: 'exact', matched: 'the flu' });
    expect(mentionNameMatch('flu', ['The flu'])).toEqual({ kind: 'exact', matched: 'The flu' });
    expect(mentionNameMatch('Amazon.com', ['amazon com']).kind).toBe('exact');
  });

  it('never matches on one shared word among different ones', () => {
    expect(mentionNameMatch('breast cancer', ['Lung cancer', 'lung carcinoma']).kind).toBe('none');
    expect(mentionNameMatch('type 1 diabetes', ['Type 2 diabetes', 'diabetes mellitus type 2', 'T2D']).kind).toBe('none');
    expect(mentionNameMatch('cancer of the lung', ['Lung cancer']).kind).toBe('none');
  });

  it('does not let a broader, shorter mention match a longer name', () => {
    expect(mentionNameMatch('cancer', ['Lung cancer']).kind).toBe('none');
    expect(mentionNameMatch('blood pressure', ['Hypertension', 'high blood pressure']).kind).toBe('none');
  });

  it('contains a name when the mention adds modifiers before the same head word', () => {
    expect(mentionNameMatch('heavy smoking', ['Smoking', 'tobacco smoking'])).toEqual({ kind: 'contains', matched: 'Smoking' });
    expect(mentionNameMatch('regular physical exercise', ['Physical exercise'])).toEqual({ kind: 'contains', matched: 'Physical exercise' });
  });

  it('does not contain a name whose head word differs', () => {
    expect(mentionNameMatch('apple pie', ['Apple']).kind).toBe('none');
    expect(mentionNameMatch('Paris Hilton', ['Paris', 'City of Light']).kind).toBe('none');
    expect(mentionNameMatch('lung cancer risk', ['Lung cancer']).kind).toBe('none');
  });

  it('keeps digits as content words and drops function words', () => {
    expect(contentWords('The Type 2 form of diabetes')).toEqual(['type', '2', 'form', 'diabetes']);
    expect(mentionNameMatch('', ['x']).kind).toBe('none');
  });
});
