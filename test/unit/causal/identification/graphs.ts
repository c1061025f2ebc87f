import { buildCausalGraph, type CausalStructure } from '../../../../src/causal/identification';

/**
 * A compact notation for test graphs: "A->B", "A<->B" (a confounded pair).
 * Nodes are declared in the order they first appear unless listed.
 */
export function structure(spec: string, nodes: string[] = []): CausalStructure {
  const declared = [...nodes];
  const add = (n: string) => declared.includes(n) || declared.push(n);
  const edges: CausalStructure['edges'] = [];
  const confounded: CausalStructure['confounded'] = [];
  for (const part of spec.split(/[\s,]+/).filter(Boolean)) {
    const bidirected = part.split('<->');
    if (bidirected.length === 2) {
      bidirected.forEach(add);
      confounded.push([bidirected[0], bidirected[1]]);
      continue;
    }
    const [from, to] = part.split('->');
    add(from);
    add(to);
    edges.push({ from, to });
  }
  return { nodes: declared, edges, confounded };
}

export const graph = (spec: string, nodes: string[] = []) => buildCausalGraph(structure(spec, nodes));

/**
 * The classic graphs. Sources: Pearl, Causality (2009) §3.3 (back-door,
 * front-door) and Fig. 3.8 (bow); Pearl & Mackenzie (2018) / Shpitser & Pearl's
 * napkin; Greenland, Pearl & Robins (1999) M-bias; Verma & Pearl (1990);
 * Shpitser & Pearl (2006) Fig. 1 / Pearl (2009) Fig. 3.7 and 3.8 examples.
 */
export const CLASSIC = {
  backdoor: 'Z->X Z->Y X->Y',
  frontdoor: 'X->M M->Y X<->Y',
  bow: 'X->Y X<->Y',
  napkin: 'W1->W2 W2->X X->Y W1<->X W1<->Y',
  mBias: 'A->M B->M A->X B->Y X->Y',
  verma: 'V1->V2 V2->V3 V3->V4 V2<->V4',
};
