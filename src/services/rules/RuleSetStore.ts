import { createHash } from 'node:crypto';
import type { GraphClient, TransactionOptions } from '../../graph';
import { CausewayError, notFound } from '../../errors';
import { compile, formatDiagnostic, type Program } from '../../rules';
import type { RuleSetInfo } from './model';

const NAME = /^[A-Za-z][A-Za-z0-9_.-]{0,63}$/;

export function checkRuleSetName(name: string, field = 'name'): string {
  if (!NAME.test(name)) {
    throw new CausewayError(`rule set name "${name}" must be letters, digits, '_', '.', '-' (starting with a letter, at most 64)`, { code: 'BAD_USER_INPUT', field });
  }
  return name;
}

/**
 * Compiles a rule set's text; a program with errors is a BAD_USER_INPUT whose
 * details carry every diagnostic (code, line, column, message, hint).
 */
export function compileRuleSet(text: string, field = 'text'): Program {
  const result = compile(text);
  if (result.ok) return result.value;
  const first = result.error.find((d) => d.severity === 'error') ?? result.error[0];
  throw new CausewayError(`rules do not compile: ${formatDiagnostic(first, 'rules')}`, {
    code: 'BAD_USER_INPUT',
    field,
    details: { diagnostics: result.error },
  });
}

export const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

export function toRuleSetInfo(row: Record<string, unknown>): RuleSetInfo {
  return {
    name: String(row.name),
    text: String(row.text),
    sha256: String(row.sha256),
    createdAt: String(row.createdAt),
    updatedAt: String(row.updatedAt),
    definedBy: String(row.definedBy ?? ''),
    materializedVersion: Number(row.materializedVersion ?? -1),
    derivedCount: row.derivedCount === undefined || row.derivedCount === null ? null : Number(row.derivedCount),
  };
}

/** The stored record, with what maintenance needs beyond RuleSetInfo. */
export interface StoredRuleSet extends RuleSetInfo {
  relTypes: string[];
  stateToken: string | null;
}

export async function readRuleSet(graph: GraphClient, name: string, tx?: TransactionOptions): Promise<{ graphVersion: number; ruleSet: StoredRuleSet }> {
  const [row] = await graph.readQuery('rules/read-rule-set', { name }, tx);
  const record = row?.ruleSet as Record<string, unknown> | null | undefined;
  if (!record) throw notFound(`no rule set is named "${name}"`, { name });
  return {
    graphVersion: Number(row!.graphVersion ?? 0),
    ruleSet: { ...toRuleSetInfo(record), relTypes: (record.relTypes as string[] | undefined) ?? [], stateToken: (record.stateToken as string | undefined) ?? null },
  };
}
