import { z } from 'zod';
import { invalidModel } from '../../errors';
import { buildCptModel, buildNoisyOrModel } from '../model/build';
import type { CausalModel } from '../model/types';

const confoundedSchema = z.array(z.tuple([z.string(), z.string()])).default([]);

/** Noisy-OR JSON (design.md): `leak` is required in files; graphs may fall back to a default. */
const noisyOrSchema = z
  .object({
    nodes: z.array(z.object({ id: z.string().min(1), leak: z.number() }).passthrough()),
    edges: z
      .array(
        z
          .object({
            from: z.string(),
            to: z.string(),
            kind: z.enum(['CAUSES', 'PREVENTS']).default('CAUSES'),
            strength: z.number(),
          })
          .passthrough(),
      )
      .default([]),
    confounded: confoundedSchema,
  })
  .passthrough();

const cptSchema = z
  .object({
    variables: z.array(z.object({ id: z.string().min(1), states: z.array(z.string()).min(1) }).passthrough()),
    cpts: z.array(
      z.object({ variable: z.string(), parents: z.array(z.string()).default([]), table: z.array(z.array(z.number())) }).passthrough(),
    ),
    confounded: confoundedSchema,
  })
  .passthrough();

function shapeError(error: z.ZodError, what: string): never {
  const issue = error.issues[0]!;
  const path = issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('').replace(/^\./, '');
  throw invalidModel(`${what}: ${path || '(root)'}: ${issue.message}`, { path: issue.path });
}

export function noisyOrModelFromJson(doc: unknown): CausalModel {
  const parsed = noisyOrSchema.safeParse(doc);
  if (!parsed.success) shapeError(parsed.error, 'noisy-OR JSON');
  const { nodes, edges, confounded } = parsed.data;
  return buildNoisyOrModel(
    nodes.map((n) => ({ id: n.id, baseRate: n.leak })),
    edges,
    { confounded, format: 'noisy-or-json' },
  );
}

export function cptModelFromJson(doc: unknown): CausalModel {
  const parsed = cptSchema.safeParse(doc);
  if (!parsed.success) shapeError(parsed.error, 'CPT JSON');
  const { variables, cpts, confounded } = parsed.data;
  return buildCptModel(variables, cpts, { confounded, format: 'cpt-json' });
}
