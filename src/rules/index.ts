/**
 * The rule engine, a pure pipeline (no I/O): syntax → AST → analysis → plan →
 * evaluation → proofs. `compile` turns text into a checked Program or
 * diagnostics; `evaluate` runs it over input facts to a fixpoint; the
 * Evaluation answers facts and, on demand, their proofs. docs/rules.md is the
 * language reference.
 */
export { compile, type Program } from './compile';
export { evaluate, Evaluation } from './Evaluation';
export type { EvaluateOptions, FactInput } from './eval/evaluate';
export type { EvaluationLimits } from './eval/limits';
export type { InputChange } from './eval/incremental';
export { formatDiagnostic, type Diagnostic, type DiagnosticCode } from './Diagnostic';
export type { Derivation, Fact, Proof } from './proofs/Proof';
export { formatProof } from './proofs/formatProof';
export { parseFactsTsv } from './facts/parseFactsTsv';
export type { Constant, Expr, Rule, Term } from './syntax/ast';
export { evalOutput, PROOF_FORMAT, type EvalOutput, type SourceFile } from './output/evalOutput';
