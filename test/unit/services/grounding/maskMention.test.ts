import { maskMention } from '../../../../src/services/grounding/GroundingService';

describe('maskMention', () => {
  it('replaces whole-word occurrences of the mention, any case, and nothing inside other words', () => {
    expect(maskMention('The Jaguar (jaguar) stalked; Jaguars roam.', 'jaguar')).toBe('The it (it) stalked; Jaguars roam.');
  });

  it('treats regular-expression characters in the mention literally', () => {
    expect(maskMention('I write C++ and C.', 'C++')).toBe('I write it and C.');
  });
});
