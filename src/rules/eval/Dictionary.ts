import type { Constant } from '../syntax/ast';

/**
 * Interns every value to a small integer so that tuples are Int32Arrays and
 * equality is integer equality. Strings and numbers live in separate maps:
 * "1" and 1 are different values.
 */
export class Dictionary {
  private readonly strings = new Map<string, number>();
  private readonly numbers = new Map<number, number>();
  readonly values: Constant[] = [];

  intern(value: Constant): number {
    const map = typeof value === 'string' ? this.strings : this.numbers;
    let id = (map as Map<Constant, number>).get(value);
    if (id === undefined) {
      id = this.values.length;
      this.values.push(value);
      (map as Map<Constant, number>).set(value, id);
    }
    return id;
  }

  /** The id of a value already interned, or -1. */
  lookup(value: Constant): number {
    const id = typeof value === 'string' ? this.strings.get(value) : this.numbers.get(value);
    return id ?? -1;
  }

  valueOf(id: number): Constant {
    return this.values[id];
  }
}
