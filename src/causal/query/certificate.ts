/**
 * What a causal answer carries so `causeway verify` can re-check it without
 * the engine (docs/causal.md, "Certificates"). The model is named by content
 * hash plus where it came from: a file (path + sha256 of its bytes, which the
 * verifier re-reads), or a graph version with the model embedded as JSON.
 */
export type ModelSource =
  | { kind: 'file'; path: string; sha256: string }
  | { kind: 'graph'; graphVersion: number | string; embedded?: unknown }
  | { kind: 'inline'; embedded?: unknown };

export interface CertificateModel {
  /** Engine's content hash of the parsed model (the compiled-model cache key). */
  hash: string;
  format: string;
  source?: ModelSource;
}

export interface QueryCertificate {
  type: 'causeway.causal.query';
  version: 1;
  model: CertificateModel;
  query: { target: string; do: Record<string, string>; given: Record<string, string> };
  /**
   * The mutilated graph on the relevant part: `edges` are the incoming edges of
   * every relevant variable, `cutEdges` the incoming edges of the do-variables read.
   */
  intervenedGraph: { cutEdges: [string, string][]; edges: [string, string][] };
  /** Variables whose mechanisms entered the computation (Bayes-Ball's requisite nodes). */
  relevantVariables: string[];
  /** Do-variables whose forced state the computation read. */
  interventionsRead: string[];
  /** Observed variables whose state the computation read (d-separated evidence is dropped). */
  evidence: Record<string, string>;
  eliminationOrder: string[];
  assumptions: string[];
  result: { distribution: Record<string, number> };
  stats: { touchedVariables: number; maxTableEntries: number; inducedWidth: number };
}

export interface EffectCertificate {
  type: 'causeway.causal.effect';
  version: 1;
  model: CertificateModel;
  treatment: { variable: string; state: string };
  control?: { variable: string; state: string };
  outcome: { variable: string; state: string };
  /** One certificate per probability the effect is built from. */
  queries: { pDo: QueryCertificate; pBaseline: QueryCertificate; pControl?: QueryCertificate };
  assumptions: string[];
  result: { pDo: number; pBaseline: number; effect: number; ate?: number };
}
