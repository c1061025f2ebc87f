import { extractText } from '../../../../src/ingest/extract';

/** Each relation as "cause -polarity-> effect [cue]", the shape the assertions read best in. */
function relations(text: string): string[] {
  return extractText(text).relations.map((r) => `${r.cause.text} -${r.polarity}-> ${r.effect.text} [${r.cue.text}]`);
}

describe('active causal verbs (cause first)', () => {
  it.each([
    ['Smoking causes lung cancer.', 'Smoking -+-> lung cancer [causes]'],
    ['The storm caused severe flooding.', 'The storm -+-> severe flooding [caused]'],
    ['Chronic stress leads to high blood pressure.', 'Chronic stress -+-> high blood pressure [leads to]'],
    ['The drought resulted in a poor harvest.', 'The drought -+-> a poor harvest [resulted in]'],
    ['Pollen triggers asthma attacks.', 'Pollen -+-> asthma attacks [triggers]'],
    ['The new policy gave rise to widespread anger.', 'The new policy -+-> widespread anger [gave rise to]'],
    ['Sugar raises insulin levels.', 'Sugar -+-> insulin levels [raises]'],
    ['Exercise promotes muscle growth.', 'Exercise -+-> muscle growth [promotes]'],
  ])('%s', (text, expected) => {
    expect(relations(text)).toEqual([expected]);
  });

  it('reads the subject through a prepositional phrase', () => {
    expect(relations('The fire in the kitchen caused extensive damage.')).toEqual(['The fire in the kitchen -+-> extensive damage [caused]']);
  });

  it('reads the subject of a relative clause', () => {
    expect(relations('Doctors warn about bacteria that cause pneumonia.')).toEqual(['bacteria -+-> pneumonia [cause]']);
  });

  it('keeps coordinated effects together', () => {
    expect(relations('Dust causes coughing, sneezing and itchy eyes.')).toEqual(['Dust -+-> coughing, sneezing and itchy eyes [causes]']);
  });

  it('reads "X is a main cause of Y"', () => {
    expect(relations('Financial stress is one of the main causes of divorce.')).toEqual(['Financial stress -+-> divorce [one of the main causes of]']);
  });

  it('does not read a cue noun as a verb', () => {
    expect(relations('The causes of the war are disputed.')).toEqual([]);
  });
});

describe('decrease verbs give PREVENTS (-)', () => {
  it.each([
    ['Aspirin reduces the risk of heart attack.', 'Aspirin ---> the risk of heart attack [reduces]'],
    ['Vaccination prevents measles.', 'Vaccination ---> measles [prevents]'],
    ['Caffeine inhibits adenosine receptors.', 'Caffeine ---> adenosine receptors [inhibits]'],
    ['Steroids suppress the immune response.', 'Steroids ---> the immune response [suppress]'],
    ['Measles is prevented by vaccination.', 'vaccination ---> Measles [prevented by]'],
  ])('%s', (text, expected) => {
    expect(relations(text)).toEqual([expected]);
  });

  it('ignores a purpose ("to prevent"), which asserts nothing', () => {
    expect(relations('The council built a dam to prevent floods.')).toEqual([]);
  });
});

describe('passive voice and effect-first cues', () => {
  it.each([
    ['The flu is caused by a virus.', 'a virus -+-> The flu [caused by]'],
    ['The burst has been caused by water pressure.', 'water pressure -+-> The burst [caused by]'],
    ['The landslide, which was triggered by heavy rain, blocked the road.', 'heavy rain -+-> The landslide [triggered by]'],
    ['Inflammation caused by the infection can last for weeks.', 'the infection -+-> Inflammation [caused by]'],
    ['Lung damage results from long exposure.', 'long exposure -+-> Lung damage [results from]'],
    ['The delay was due to a strike.', 'a strike -+-> The delay [due to]'],
    ['Many headaches stem from dehydration.', 'dehydration -+-> Many headaches [stem from]'],
  ])('%s', (text, expected) => {
    expect(relations(text)).toEqual([expected]);
  });

  it('reads the head of an "of" phrase before a reduced relative', () => {
    expect(relations('The buckling of the seafloor caused by an earthquake.')).toEqual(['an earthquake -+-> The buckling of the seafloor [caused by]']);
  });

  it('reads "fever from dehydration" only for effect nouns, not "toys from the attic"', () => {
    expect(relations('The child had a high fever from dehydration.')).toEqual(['dehydration -+-> a high fever [from]']);
    expect(relations('She brought toys from the attic.')).toEqual([]);
  });
});

describe('connectives: "because of X, Y" and "Y because X"', () => {
  it('reads a fronted "Because of X, Y"', () => {
    expect(relations('Because of the rain, the match was cancelled.')).toEqual(['the rain -+-> the match [Because of]']);
  });

  it('reads a fronted "Due to X, Y"', () => {
    expect(relations('Due to heavy snow, the flights were delayed.')).toEqual(['heavy snow -+-> the flights [Due to]']);
  });

  it('reads "Y because of X" after a noun phrase', () => {
    expect(relations('Crop failures because of drought are common.')).toEqual(['drought -+-> Crop failures [because of]']);
  });

  it('reads "Y because X" with the clause subjects', () => {
    expect(relations('The bridge collapsed because the cables corroded.')).toEqual(['the cables -+-> The bridge [because]']);
  });

  it('rates a connective below a causal verb', () => {
    const [verb] = extractText('Smoking causes cancer.').relations;
    const [connective] = extractText('Because of smoking, cancer rates rose.').relations;
    expect(connective!.confidence).toBeLessThan(verb!.confidence);
  });
});

describe('negation gives no edge', () => {
  it.each([
    'Coffee does not cause cancer.',
    "Coffee doesn't cause cancer.",
    'Vaccines never cause autism.',
    'The outage was not caused by the storm.',
    'Moderate exercise does not lead to joint damage.',
    'This drug cannot prevent infection.',
  ])('%s', (text) => {
    expect(relations(text)).toEqual([]);
  });

  it('negation of one clause leaves the other relation', () => {
    expect(relations('Coffee does not cause cancer, but smoking causes cancer.')).toEqual(['smoking -+-> cancer [causes]']);
  });
});

describe('hedges lower the confidence', () => {
  it.each([
    ['Smoking may cause cancer.', 'Smoking causes cancer.'],
    ['The virus might trigger seizures.', 'The virus triggers seizures.'],
    ['Stress could lead to insomnia.', 'Stress leads to insomnia.'],
    ['The outage was possibly caused by the storm.', 'The outage was caused by the storm.'],
    ['Studies suggest that salt raises blood pressure.', 'Salt raises blood pressure.'],
  ])('%s', (hedgedText, plainText) => {
    const [hedged] = extractText(hedgedText).relations;
    const [plain] = extractText(plainText).relations;
    expect(hedged).toMatchObject({ hedged: true, polarity: plain!.polarity });
    expect(plain!.hedged).toBe(false);
    expect(hedged!.confidence).toBeLessThan(plain!.confidence);
    expect(hedged!.confidence).toBeGreaterThan(0);
  });
});

describe('provenance', () => {
  it('gives the sentence index and the cue span', () => {
    const text = 'The sky was clear. Later, lightning caused a fire.';
    const [relation] = extractText(text).relations;
    expect(relation).toMatchObject({ sentenceIndex: 1, cue: { text: 'caused', start: text.indexOf('caused') } });
  });

  it('keeps cause and effect to noun phrases of at most 8 words', () => {
    const text = 'The very old and badly maintained wooden bridge over the wide river near the town caused the long and costly closure of the main road to the harbour.';
    for (const relation of extractText(text).relations) {
      expect(relation.cause.text.split(/\s+/).length).toBeLessThanOrEqual(8);
      expect(relation.effect.text.split(/\s+/).length).toBeLessThanOrEqual(8);
    }
  });
});

describe('focus particles are not negation', () => {
  it('keeps "not only causes"', () => {
    expect(relations('Smoking not only causes cancer but also harms the heart.')).toEqual(['Smoking -+-> cancer [causes]']);
  });
});
