import fc from 'fast-check';
import type { CausalStructure } from '../../../../src/causal/identification';

/**
 * Random ADMGs: nodes N0…N(n-1) in topological order, so directed edges only
 * go forward; each directed edge present with a drawn density, each pair
 * confounded with probability `confounding`.
 */
export function arbitraryAdmg(maxNodes: number, options: { minNodes?: number; confounding?: number } = {}): fc.Arbitrary<CausalStructure> {
  return fc.integer({ min: options.minNodes ?? 2, max: maxNodes }).chain((n) => {
    const pairs: Array<[number, number]> = [];
    for (let i = 0; i < n; i += 1) for (let j = i + 1; j < n; j += 1) pairs.push([i, j]);
    // Per-mille integers without bias: fc.double draws uniformly over float bit patterns (mostly tiny
    // values), and fast-check's bias favours small values; either would make every pair an edge.
    const coins = fc.noBias(fc.array(fc.integer({ min: 0, max: 999 }), { minLength: pairs.length, maxLength: pairs.length }));
    return fc.tuple(coins, coins, fc.noBias(fc.integer({ min: 150, max: 700 }))).map(([edgeCoins, confoundCoins, density]) => {
      const names = Array.from({ length: n }, (_, i) => `N${i}`);
      return {
        nodes: names,
        edges: pairs.filter((_, k) => edgeCoins[k] < density).map(([a, b]) => ({ from: names[a], to: names[b] })),
        confounded: pairs.filter((_, k) => confoundCoins[k] < 1000 * (options.confounding ?? 0.15)).map(([a, b]) => [names[a], names[b]] as [string, string]),
      };
    });
  });
}
