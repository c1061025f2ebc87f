/**
 * mulberry32 (Tommy Ettinger's 32-bit generator): a small seeded PRNG, so
 * tests and benchmarks draw the same models, graphs and queries on every
 * run. Independent of any generator in src/ (src/verify keeps its own copy
 * on purpose: a checker shares no code with what it checks).
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
