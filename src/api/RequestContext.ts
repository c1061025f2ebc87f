import type { TransactionOptions } from '../graph';
import type { CausalService } from '../services/causal';
import type { GroundingService } from '../services/grounding';
import type { KnowledgeGraph, WriteContext } from '../services/kg';
import type { ApiLimits } from './ApiOptions';
import type { Principal } from './auth/Principal';
import type { GraphVersionTracker } from './GraphVersionTracker';
import type { Loaders } from './loaders';
import type { RequestState } from './plugins/RequestState';
import type { ServerInfo } from '../graph';

/** What every resolver sees; built once per request in createApi. */
export interface RequestContext {
  requestId: string;
  /** The request's id, child logger (`requestState.logger`, made on first use) and deadline. */
  requestState: RequestState;
  kg: KnowledgeGraph;
  /** One per API instance: its compiled model is cached by graph version. */
  causal: CausalService;
  /** One per API instance: loads the embedding model on first use. */
  grounding: GroundingService;
  loaders: Loaders;
  versions: GraphVersionTracker;
  limits: ApiLimits;
  /** Carries the operation's deadline into every Neo4j transaction. */
  tx: TransactionOptions;
  /** Set by useAuth before execution: the authenticated caller, or null. */
  currentUser?: Principal | null;
  health: () => Promise<{ server: ServerInfo; migrationVersion: string | null }>;
}

/** The author and deadline of a write, from the authenticated caller. */
export function writeContext(context: RequestContext): WriteContext {
  return { assertedBy: context.currentUser?.subject ?? 'anonymous', tx: context.tx };
}
