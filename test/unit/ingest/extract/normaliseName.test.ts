import { normaliseName } from '../../../../src/ingest/extract';

describe('normaliseName', () => {
  it.each([
    ['The Lung Cancers', 'lung cancer'],
    ['  a  virus ', 'virus'],
    ['their economic setbacks', 'economic setback'],
    ['Diseases', 'disease'],
    ['illnesses', 'illness'],
    ['the stress', 'stress'],
    ['the analysis', 'analysis'],
    ['Café\u00a0owners', 'café owner'],
    ['ﬁre', 'fire'],
  ])('%s → %s', (text, key) => {
    expect(normaliseName(text)).toBe(key);
  });
});
