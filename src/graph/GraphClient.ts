/**
 * The graph layer's public face: named, parameterised Cypher in transactions
 * with retries. Values returned are plain JS (driver Integers converted to
 * numbers, temporal values to ISO strings, nodes/relationships to property maps).
 */
export type Params = Record<string, unknown>;
export type Row = Record<string, unknown>;

/** One transaction: run named queries from cypher/<domain>/<verb-noun>.cypher. */
export interface GraphTransaction {
  /** Runs `cypher/<name>.cypher`, e.g. `run('entities/upsert-entities', { rows })`. */
  run(name: string, params?: Params): Promise<Row[]>;
  /** Runs inline Cypher; only for statements assembled from checked identifiers (see assertIdentifier). */
  runText(cypher: string, params?: Params): Promise<Row[]>;
}

export interface ServerInfo {
  version: string;
  edition: string;
  address: string;
}

export interface GraphClient {
  /** A read transaction (retried on transient errors; the function may run more than once). */
  read<T>(work: (tx: GraphTransaction) => Promise<T>, options?: TransactionOptions): Promise<T>;
  /** A write transaction (retried on transient errors; the function may run more than once). */
  write<T>(work: (tx: GraphTransaction) => Promise<T>, options?: TransactionOptions): Promise<T>;
  /** Shorthands for a single named query in its own transaction. */
  readQuery(name: string, params?: Params, options?: TransactionOptions): Promise<Row[]>;
  writeQuery(name: string, params?: Params, options?: TransactionOptions): Promise<Row[]>;
  /** Auto-commit statement, needed for `CALL { } IN TRANSACTIONS` and schema statements. */
  runAutoCommit(cypherText: string, params?: Params): Promise<Row[]>;
  serverInfo(): Promise<ServerInfo>;
  close(): Promise<void>;
}

export interface TransactionOptions {
  /** Server-side transaction timeout; the transaction is cancelled when it passes. */
  timeoutMs?: number;
  /** Cancels the transaction from the client side (e.g. a GraphQL operation timeout). */
  signal?: AbortSignal;
  metadata?: Record<string, unknown>;
}
