import type { TransactionOptions } from '../../graph';

/** Who writes (recorded as `assertedBy` on every fact) and the transaction's limits. */
export interface WriteContext {
  assertedBy: string;
  tx?: TransactionOptions;
  /** The timestamp written as createdAt/updatedAt; one per transaction, so a batch shares it. */
  now?: () => string;
}

export const timestamp = (context: WriteContext): string => (context.now ?? (() => new Date().toISOString()))();
