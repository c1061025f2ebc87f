import { invalidModel } from '../../errors';
import type { CausalStructure } from './CausalGraph';

/**
 * Reads just the structure (variables, directed edges, confounded pairs) of a
 * model file, whichever format it is in — identification needs no numbers:
 *  - a bare graph `{"nodes": ["A"], "edges": [{"from", "to"}], "confounded": [["A", "C"]]}`;
 *  - noisy-OR JSON `{"nodes": [{"id": "A", "leak": …}], "edges": [{"from", "to", …}], "confounded"}`;
 *  - CPT JSON `{"variables": [{"id", "states"}], "cpts": [{"variable", "parents"}], "confounded"}`;
 *  - BIF: `variable NAME {…}` blocks and `probability ( X | P1, P2 )` headers.
 * The format is told by content. Full validation of CPTs is the model
 * parser's job; here only what the structure needs is checked.
 */
export function readStructure(text: string): CausalStructure {
  const body = text.replace(/^\uFEFF/, '');
  return body.trimStart().startsWith('{') ? readJsonStructure(body) : readBifStructure(body);
}

function readJsonStructure(text: string): CausalStructure {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    throw invalidModel(`model is not valid JSON: ${jsonErrorWithLocation(text, error as Error)}`);
  }
  if (!isObject(doc)) throw invalidModel('model JSON must be an object');
  const confounded = readConfounded(doc.confounded);
  if (Array.isArray(doc.variables) || Array.isArray(doc.cpts)) {
    const variables = arrayField(doc, 'variables');
    const nodes = variables.map((v, i) => stringField(v, 'id', `variables[${i}]`));
    const edges = arrayField(doc, 'cpts').flatMap((cpt, i) => {
      const child = stringField(cpt, 'variable', `cpts[${i}]`);
      const parents = isObject(cpt) && cpt.parents !== undefined ? cpt.parents : [];
      if (!Array.isArray(parents) || parents.some((p) => typeof p !== 'string')) {
        throw invalidModel(`cpts[${i}].parents must be an array of variable names`);
      }
      return (parents as string[]).map((from) => ({ from, to: child }));
    });
    return { nodes, edges, confounded };
  }
  if (!Array.isArray(doc.nodes)) throw invalidModel('model JSON needs "nodes" (a graph or noisy-OR model) or "variables" and "cpts" (a CPT model)');
  const nodes = doc.nodes.map((node, i) => (typeof node === 'string' ? node : stringField(node, 'id', `nodes[${i}]`)));
  const edges = (doc.edges === undefined ? [] : arrayField(doc, 'edges')).map((edge, i) => ({
    from: stringField(edge, 'from', `edges[${i}]`),
    to: stringField(edge, 'to', `edges[${i}]`),
  }));
  return { nodes, edges, confounded };
}

function readConfounded(value: unknown): Array<[string, string]> {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw invalidModel('"confounded" must be an array of [A, B] pairs');
  return value.map((pair, i) => {
    if (!Array.isArray(pair) || pair.length !== 2 || typeof pair[0] !== 'string' || typeof pair[1] !== 'string') {
      throw invalidModel(`confounded[${i}] must be a pair of variable names`);
    }
    return [pair[0], pair[1]];
  });
}

function readBifStructure(text: string): CausalStructure {
  const source = text.replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, ' ')).replace(/\/\/[^\n]*/g, '');
  const nodes: string[] = [];
  for (const match of source.matchAll(/\bvariable\s+([^\s{]+)\s*\{/g)) nodes.push(match[1]);
  const edges: Array<{ from: string; to: string }> = [];
  const seenChildren = new Set<string>();
  for (const match of source.matchAll(/\bprobability\s*\(([^)]*)\)/g)) {
    const [childPart, parentPart = ''] = match[1].split('|');
    const child = childPart.trim();
    if (!/^\S+$/.test(child)) throw invalidModel(`malformed BIF probability header at ${lineColumn(source, match.index ?? 0)}: "${match[0]}"`);
    if (seenChildren.has(child)) throw invalidModel(`BIF declares the probability of "${child}" twice`, { variable: child });
    seenChildren.add(child);
    for (const parent of parentPart.split(',').map((p) => p.trim()).filter((p) => p.length > 0)) edges.push({ from: parent, to: child });
  }
  if (nodes.length === 0) throw invalidModel('not a model: no JSON object and no BIF `variable` declaration found');
  return { nodes, edges, confounded: [] };
}

type JsonObject = Record<string, unknown>;
const isObject = (v: unknown): v is JsonObject => v !== null && typeof v === 'object' && !Array.isArray(v);

function arrayField(doc: JsonObject, key: string): unknown[] {
  const value = doc[key];
  if (!Array.isArray(value)) throw invalidModel(`"${key}" must be an array`);
  return value;
}

function stringField(value: unknown, key: string, where: string): string {
  if (!isObject(value) || typeof value[key] !== 'string') throw invalidModel(`${where} needs a string "${key}"`);
  return value[key] as string;
}

function lineColumn(text: string, offset: number): string {
  const before = text.slice(0, offset).split('\n');
  return `line ${before.length}, column ${before[before.length - 1].length + 1}`;
}

/** V8 reports "at position N"; users want a line and column. */
function jsonErrorWithLocation(text: string, error: Error): string {
  const position = /position (\d+)/.exec(error.message);
  return position ? `${error.message} (${lineColumn(text, Number(position[1]))})` : error.message;
}
