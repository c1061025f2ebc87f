import type { InputChange } from '../../rules';
import { addFact } from './factKeys';
import type { BaseFacts } from './readBaseFacts';

/**
 * The change of base facts between two reads, as the engine's update takes
 * it. A fact now stored under another id (a relation deleted and asserted
 * again, the surviving one of two copies) counts as deleted and inserted:
 * derivation records name premises by id, so the facts derived through it
 * need new records.
 */
export function diffBaseFacts(before: BaseFacts, after: BaseFacts): InputChange {
  const change: InputChange = { insert: new Map(), delete: new Map() };
  for (const [key, ref] of before.refs) {
    const now = after.refs.get(key);
    if (now === undefined || now.kind !== ref.kind || now.id !== ref.id) addFact(change.delete, ref.fact);
  }
  for (const [key, ref] of after.refs) {
    const was = before.refs.get(key);
    if (was === undefined || was.kind !== ref.kind || was.id !== ref.id) addFact(change.insert, ref.fact);
  }
  return change;
}
