import type { AggregateFn, ArithmeticOp, CompareOp, Rule } from '../syntax/ast';

/**
 * A rule compiled to a join order: a list of steps run as nested loops over
 * registers (one per variable, holding interned value ids). This is the plan
 * stage of the pipeline; eval/ turns it into closures.
 */
export type ArgAction =
  | { kind: 'bind'; reg: number }
  | { kind: 'check'; reg: number }
  | { kind: 'const'; id: number }
  | { kind: 'anon' };

export type ExprPlan =
  | { kind: 'reg'; reg: number }
  | { kind: 'const'; id: number }
  | { kind: 'binary'; op: ArithmeticOp; left: ExprPlan; right: ExprPlan };

export type PlanStep =
  | {
      kind: 'atom';
      /** Position among the rule's positive body atoms (source order): selects its row range and its proof slot. */
      atomIndex: number;
      predicate: string;
      args: ArgAction[];
      /** Columns whose value is known on entry: looked up through an index on them. */
      keyColumns: number[];
    }
  | { kind: 'negation'; predicate: string; args: ArgAction[]; keyColumns: number[] }
  | { kind: 'compare'; op: CompareOp; left: ExprPlan; right: ExprPlan }
  | { kind: 'assign'; reg: number; expr: ExprPlan }
  | {
      kind: 'aggregate';
      /** Position among the rule's aggregates, for proofs. */
      aggregateIndex: number;
      fn: AggregateFn;
      resultReg: number;
      /** The result variable was bound before: the aggregate then filters. */
      resultBound: boolean;
      target?: ExprPlan;
      steps: PlanStep[];
      /** Positive atoms inside the aggregate, numbered from 0 in its own slots. */
      atomCount: number;
    };

export interface RulePlan {
  rule: Rule;
  /** Register number → variable name. */
  registers: string[];
  steps: PlanStep[];
  headPredicate: string;
  head: Array<{ kind: 'reg'; reg: number } | { kind: 'const'; id: number }>;
  /** Number of positive atoms in the body (the size of a proof's premise list). */
  atomCount: number;
  /** Which positive atom reads the delta (semi-naive variant), or -1. */
  deltaAtom: number;
}
