/**
 * Sharp bounds on counterfactuals from the observational joint of (X, Y) and
 * the interventional P(y_x) (Tian & Pearl 2000, "Probabilities of causation:
 * bounds and identification", Ann. Math. AI 28). All inputs are
 * probabilities the CPT model determines exactly.
 */
export type Interval = [number, number];

/**
 * P(Y_x = y | X = x', Y = y0) for binary X (x' the other treatment state),
 * given a = P(Y_x = y, X = x') = P(y_x) − P(y, x) (identified by consistency),
 * b = P(X = x', Y = y0) and c = P(X = x'). The Fréchet bounds on the joint
 * event {Y_x = y} ∧ {Y = y0} inside {X = x'}:
 *   max(0, a + b − c) ≤ P(Y_x = y, X = x', Y = y0) ≤ min(a, b),
 * which give Tian & Pearl's PN and PS bounds (Theorems 1–2) when y0 is y's complement or y.
 */
export function oppositeArmBounds(a: number, b: number, c: number): Interval {
  return [clamp01(Math.max(0, a + b - c) / b), clamp01(Math.min(a, b) / b)];
}

export interface NecessityInputs {
  /** P(y_x), P(y_x'): interventional. */
  pyDoX: number;
  pyDoNotX: number;
  /** Observational joint. */
  pXY: number;
  pXNotY: number;
  pNotXY: number;
  pNotXNotY: number;
}

/** PNS = P(y_x, y'_x'): Tian & Pearl (2000), Theorem 3 (eqs. 23–24). */
export function pnsBounds(p: NecessityInputs): Interval {
  const pY = p.pXY + p.pNotXY;
  const lower = Math.max(0, p.pyDoX - p.pyDoNotX, pY - p.pyDoNotX, p.pyDoX - pY);
  const upper = Math.min(p.pyDoX, 1 - p.pyDoNotX, p.pXY + p.pNotXNotY, p.pyDoX - p.pyDoNotX + p.pXNotY + p.pNotXY);
  return [clamp01(lower), clamp01(upper)];
}

/** PN = P(y'_x' | x, y): Theorem 1 (eq. 19). */
export function pnBounds(p: NecessityInputs): Interval {
  const pY = p.pXY + p.pNotXY;
  return [clamp01(Math.max(0, (pY - p.pyDoNotX) / p.pXY)), clamp01(Math.min(1, (1 - p.pyDoNotX - p.pNotXNotY) / p.pXY))];
}

/** PS = P(y_x | x', y'): Theorem 2 (eq. 21). */
export function psBounds(p: NecessityInputs): Interval {
  const pY = p.pXY + p.pNotXY;
  return [clamp01(Math.max(0, (p.pyDoX - pY) / p.pNotXNotY)), clamp01(Math.min(1, (p.pyDoX - p.pXY) / p.pNotXNotY))];
}

/** Rounding can push a bound a hair outside [0, 1]. */
function clamp01(x: number): number {
  return Math.min(1, Math.max(0, x));
}
