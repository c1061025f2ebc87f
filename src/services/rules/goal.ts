import { badUserInput } from '../../errors';
import type { Constant } from '../../rules';

/** A goal `pred(arg, …)`: each argument a variable (`X`, `_`) or a constant. */
export interface Goal {
  predicate: string;
  args: Array<{ kind: 'var'; name: string } | { kind: 'const'; value: Constant }>;
}

const TOKEN = /\s*(?:("(?:[^"\\]|\\.)*")|([+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)|([A-Z_][A-Za-z0-9_]*)|([a-z][A-Za-z0-9_]*)|([(),.]))/y;

/**
 * Reads a goal such as `indirectly_causes("smoking", X)` — the atom syntax of
 * docs/rules.md (strings double-quoted, numbers bare, variables upper case).
 */
export function parseGoal(text: string): Goal {
  const tokens: Array<{ kind: 'string' | 'number' | 'var' | 'name' | 'punct'; text: string }> = [];
  TOKEN.lastIndex = 0;
  let at = 0;
  while (at < text.length && text.slice(at).trim() !== '') {
    TOKEN.lastIndex = at;
    const m = TOKEN.exec(text);
    if (!m) throw badUserInput(`goal: unexpected text at column ${at + 1}: ${JSON.stringify(text.slice(at, at + 10))}`, 'query');
    at = TOKEN.lastIndex;
    const kind = m[1] ? 'string' : m[2] ? 'number' : m[3] ? 'var' : m[4] ? 'name' : 'punct';
    tokens.push({ kind, text: m[1] ?? m[2] ?? m[3] ?? m[4] ?? m[5]! });
  }
  const fail = (why: string): never => {
    throw badUserInput(`goal: ${why}; expected e.g. indirectly_causes("smoking", X)`, 'query');
  };
  if (tokens[tokens.length - 1]?.text === '.') tokens.pop();
  const [name, open] = tokens;
  if (name?.kind !== 'name' || open?.text !== '(') fail('a goal starts with a lower-case predicate and "("');
  const args: Goal['args'] = [];
  let i = 2;
  for (;;) {
    const t = tokens[i++];
    if (!t) fail('unclosed "("');
    if (t!.kind === 'var') args.push({ kind: 'var', name: t!.text });
    else if (t!.kind === 'string') args.push({ kind: 'const', value: JSON.parse(t!.text) as string });
    else if (t!.kind === 'number') args.push({ kind: 'const', value: Number(t!.text) });
    else fail(`"${t!.text}" is not a variable or a constant`);
    const sep = tokens[i++];
    if (sep?.text === ')') break;
    if (sep?.text !== ',') fail('arguments are separated by ","');
  }
  if (i !== tokens.length) fail('text after the goal');
  return { predicate: name!.text, args };
}

/** The variable bindings under which `args` is an instance of the goal, or undefined when it is not. */
export function matchGoal(goal: Goal, args: readonly Constant[]): Record<string, Constant> | undefined {
  if (args.length !== goal.args.length) return undefined;
  const bindings: Record<string, Constant> = {};
  for (let k = 0; k < args.length; k++) {
    const term = goal.args[k];
    if (term.kind === 'const') {
      if (term.value !== args[k]) return undefined;
    } else if (term.name !== '_') {
      if (term.name in bindings && bindings[term.name] !== args[k]) return undefined;
      bindings[term.name] = args[k];
    }
  }
  return bindings;
}
