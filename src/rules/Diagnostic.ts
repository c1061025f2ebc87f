/**
 * What analysis reports about a program. Codes are stable (docs/rules.md lists
 * them): tools and tests match on the code, people read the message and hint.
 */
export type DiagnosticCode =
  | 'DL001' // parse error
  | 'DL002' // unsafe head variable
  | 'DL003' // unsafe variable in a negated atom
  | 'DL004' // unsafe variable in a comparison or arithmetic
  | 'DL005' // negation through recursion (unstratifiable)
  | 'DL006' // aggregation through recursion (unstratifiable)
  | 'DL007' // arity clash
  | 'DL008' // recursion that creates values through arithmetic (may not terminate)
  | 'DL009' // unsafe aggregate (an aggregated variable not bound in its body)
  | 'DL010' // fact with variables
  | 'DL101'; // predicate used but never defined (warning)

export type Severity = 'error' | 'warning';

export interface Diagnostic {
  code: DiagnosticCode;
  severity: Severity;
  message: string;
  line: number;
  column: number;
  /** What to do about it; a "did you mean" where one applies. */
  hint?: string;
}

export function diagnostic(
  code: DiagnosticCode,
  loc: { line: number; column: number },
  message: string,
  hint?: string,
): Diagnostic {
  return { code, severity: code.startsWith('DL1') ? 'warning' : 'error', message, line: loc.line, column: loc.column, hint };
}

/** `file:line:col: error DL002: message` then the hint, as compilers print them. */
export function formatDiagnostic(d: Diagnostic, source = '<program>'): string {
  const head = `${source}:${d.line}:${d.column}: ${d.severity} ${d.code}: ${d.message}`;
  return d.hint ? `${head}\n  hint: ${d.hint}` : head;
}
