/**
 * A small seeded generator, so every bootstrap interval and refutation is
 * reproducible bit for bit from its seed (the certificate records it).
 * sfc32 (Chris Doty-Humphrey's Small Fast Counting generator, PractRand-clean),
 * seeded through splitmix32 so nearby seeds give unrelated streams.
 */
export interface Random {
  /** Uniform in [0, 1) with 32 random bits. */
  next(): number;
  /** Uniform integer in [0, n), n ≤ 2^32. */
  below(n: number): number;
}

export function seededRandom(seed: number): Random {
  // State lives in a typed array: closure variables holding values above 2^30
  // would be boxed as heap numbers on every step, ten times slower.
  const state = new Uint32Array(5);
  state[4] = seed;
  const splitmix = (): number => {
    state[4] += 0x9e3779b9;
    let z = state[4];
    z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
    z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
    return (z ^ (z >>> 15)) >>> 0;
  };
  for (let i = 0; i < 4; i++) state[i] = splitmix();
  const nextUint32 = (): number => {
    const a = state[0];
    const b = state[1];
    const c = state[2];
    const d = state[3];
    const t = (a + b + d) | 0;
    state[3] = d + 1;
    state[0] = b ^ (b >>> 9);
    state[1] = b + (b << 3);
    state[2] = ((c << 21) | (c >>> 11)) + t;
    return t >>> 0;
  };
  for (let i = 0; i < 12; i++) nextUint32();
  return {
    next: () => nextUint32() / 4294967296,
    // Multiply-shift (Lemire) without the rejection step: the bias is below n / 2^32, negligible for row counts.
    below: (n: number) => Math.floor((nextUint32() / 4294967296) * n),
  };
}

/** A derived seed for a named sub-stream (bootstrap, placebo, …), so adding one stream never shifts another. */
export function deriveSeed(seed: number, stream: string): number {
  let h = (seed ^ 0x811c9dc5) >>> 0;
  for (let i = 0; i < stream.length; i++) h = Math.imul(h ^ stream.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/** Fisher–Yates: shuffles `values` in place into a uniformly random order (any starting order will do). */
export function shuffle(values: Int32Array, random: Random): Int32Array {
  for (let i = values.length - 1; i > 0; i--) {
    const j = random.below(i + 1);
    const t = values[i];
    values[i] = values[j];
    values[j] = t;
  }
  return values;
}
