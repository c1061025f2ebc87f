/**
 * Nouns that name an effect — a symptom, a harm, a gain, a feeling — so that
 * "fever from dehydration" reads as causal while "toys from the future" or
 * "a boat from the port" (SemEval's Entity-Origin) do not. A lexicon rather
 * than a learned list: it states what the rule means and can be reviewed.
 */
const EFFECT_NOUNS = new Set([
  // bodily and mental symptoms
  'pain', 'ache', 'headache', 'fever', 'cough', 'nausea', 'vomiting', 'diarrhea', 'rash', 'itching', 'swelling',
  'inflammation', 'irritation', 'infection', 'illness', 'sickness', 'disease', 'symptom', 'injury', 'wound',
  'burn', 'bruise', 'scar', 'fatigue', 'exhaustion', 'tiredness', 'weakness', 'soreness', 'discomfort',
  'stress', 'tension', 'anxiety', 'fear', 'depression', 'trauma', 'distress', 'suffering', 'grief', 'sorrow',
  'death', 'fatality', 'casualty', 'complication', 'allergy', 'asthma', 'cancer', 'poisoning', 'dehydration',
  'insomnia', 'bleeding', 'shock', 'stroke', 'seizure', 'damage', 'harm', 'disability', 'blindness', 'deafness',
  // feelings and gains
  'joy', 'pleasure', 'happiness', 'satisfaction', 'fulfillment', 'fulfilment', 'relief', 'comfort', 'benefit',
  'boost', 'profit', 'income', 'revenue', 'earnings', 'gain', 'proceeds', 'commission', 'savings', 'fortune',
  'anger', 'frustration', 'embarrassment', 'excitement', 'enjoyment', 'amusement', 'inspiration',
  // physical processes and their traces
  'pollution', 'contamination', 'emission', 'radiation', 'heat', 'smoke', 'fumes', 'noise', 'vibration', 'glare',
  'deterioration', 'erosion', 'corrosion', 'decay', 'wear', 'rust', 'rot', 'stain', 'crack', 'fracture',
  'loss', 'shortage', 'delay', 'disruption', 'outage', 'failure', 'flooding', 'flood', 'fire', 'explosion',
  'destruction', 'devastation', 'casualties', 'problem', 'trouble', 'risk', 'danger', 'threat',
  'suffocation', 'shrinkage', 'sadness', 'disappointment', 'intoxication', 'light', 'warmth', 'glow', 'dizziness', 'soreness', 'stiffness', 'cramp', 'spasm', 'blister', 'sunburn',
]);

/** Crude singular: enough to look a head noun up in the lexicon above. */
function singular(word: string): string {
  if (word.endsWith('ies') && word.length > 4) return `${word.slice(0, -3)}y`;
  if (word.endsWith('sses')) return word.slice(0, -2);
  if (word.endsWith('s') && !word.endsWith('ss') && word.length > 3) return word.slice(0, -1);
  return word;
}

export function isEffectNoun(word: string): boolean {
  const lower = word.toLowerCase();
  return EFFECT_NOUNS.has(lower) || EFFECT_NOUNS.has(singular(lower));
}

/** Heads of time expressions: "damage from autumn to spring" is a span of time, not a cause. */
const TIME_NOUNS = new Set([
  'year', 'month', 'week', 'day', 'hour', 'minute', 'morning', 'evening', 'night', 'dawn', 'dusk', 'noon', 'midnight',
  'spring', 'summer', 'autumn', 'fall', 'winter', 'season', 'preseason', 'yesterday', 'today', 'tomorrow', 'time',
  'beginning', 'start', 'end', 'age', 'decade', 'century', 'period', 'moment', 'weekend', 'monday', 'tuesday',
  'wednesday', 'thursday', 'friday', 'saturday', 'sunday', 'childhood', 'birth',
]);

export function isTimeNoun(word: string): boolean {
  const lower = word.toLowerCase();
  return TIME_NOUNS.has(lower) || TIME_NOUNS.has(singular(lower));
}
