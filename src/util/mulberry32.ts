/**
 * mulberry32 (Tommy Ettinger's 32-bit generator): a small seeded PRNG, so a
 * check gives the same verdict and a test or benchmark draws the same models,
 * graphs and queries on every run. A base utility: src/verify may use it (it
 * is no engine code), and no engine draws from it.
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
