/**
 * SemEval-2010 Task 8 (Hendrickx et al. 2010) read for a directional
 * Cause-Effect evaluation. Each record is
 *   <id>\t"<sentence with <e1>…</e1> and <e2>…</e2>>"
 *   <Relation>(e1,e2) | <Relation>(e2,e1) | Other
 *   Comment: …
 * separated by blank lines.
 */
export interface Nominal {
  readonly start: number;
  readonly end: number;
}

export interface SemEvalExample {
  readonly id: number;
  /** The sentence with the entity tags removed: what the extractor sees. */
  readonly text: string;
  /** The label's relation name without direction ("Cause-Effect", "Other"). */
  readonly relation: string;
  readonly e1: Nominal;
  readonly e2: Nominal;
  /** For Cause-Effect: which nominal is the cause and which the effect. */
  readonly gold?: { readonly cause: Nominal; readonly effect: Nominal };
}

/** Held out: ids ≡ 0 (mod 5). Never read while tuning; reported beside the tuning part. */
export const isHeldOut = (example: { id: number }): boolean => example.id % 5 === 0;

export function parseSemEval(content: string): SemEvalExample[] {
  const examples: SemEvalExample[] = [];
  for (const block of content.split(/\r?\n\s*\r?\n/)) {
    const lines = block.trim().split(/\r?\n/);
    if (lines.length < 2) continue;
    const match = /^(\d+)\t"(.*)"\s*$/.exec(lines[0]!);
    if (!match) throw new Error(`SemEval record without "<id>\\t\\"sentence\\"": ${lines[0]}`);
    const label = lines[1]!.trim();
    const { text, e1, e2 } = stripTags(match[2]!);
    const direction = /\((e[12]),(e[12])\)$/.exec(label);
    const relation = label.replace(/\(.*$/, '');
    const gold =
      relation === 'Cause-Effect' && direction
        ? direction[1] === 'e1' ? { cause: e1, effect: e2 } : { cause: e2, effect: e1 }
        : undefined;
    examples.push({ id: Number(match[1]), text, relation, e1, e2, gold });
  }
  return examples;
}

/** Removes the four tags, keeping the nominals' offsets in the untagged text. */
export function stripTags(tagged: string): { text: string; e1: Nominal; e2: Nominal } {
  const spans: Record<string, { start?: number; end?: number }> = { e1: {}, e2: {} };
  let text = '';
  let last = 0;
  for (const tag of tagged.matchAll(/<(\/?)(e[12])>/g)) {
    text += tagged.slice(last, tag.index);
    last = tag.index! + tag[0].length;
    spans[tag[2]!]![tag[1] ? 'end' : 'start'] = text.length;
  }
  text += tagged.slice(last);
  const nominal = (name: string): Nominal => {
    const { start, end } = spans[name]!;
    if (start === undefined || end === undefined) throw new Error(`tag <${name}> missing in: ${tagged}`);
    return { start, end };
  };
  return { text, e1: nominal('e1'), e2: nominal('e2') };
}
