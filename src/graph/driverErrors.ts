import { Neo4jError } from 'neo4j-driver';
import { CausewayError } from '../errors';

/**
 * Driver errors leave the graph layer as CausewayErrors, so no layer above
 * needs neo4j-driver to tell a timeout from a constraint violation.
 */
export function translateDriverError(error: unknown): unknown {
  if (error instanceof CausewayError || !(error instanceof Neo4jError)) return error;
  const code = error.code ?? '';
  if (code === 'ServiceUnavailable' || code === 'SessionExpired') {
    return new CausewayError(`Neo4j is unreachable: ${error.message}`, { code: 'DATABASE_UNAVAILABLE', cause: error });
  }
  if (code.includes('TransactionTimedOut') || code.includes('Transaction.Terminated')) {
    return new CausewayError('the operation took longer than its time limit and was cancelled', { code: 'TIMEOUT', cause: error });
  }
  if (code === 'Neo.ClientError.Schema.ConstraintValidationFailed') {
    return new CausewayError(`conflicting write: ${error.message}`, { code: 'CONFLICT', cause: error });
  }
  return error;
}
