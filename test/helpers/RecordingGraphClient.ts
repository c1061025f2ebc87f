import type { GraphClient, GraphTransaction, Params, Row, ServerInfo, TransactionOptions } from '../../src/graph';

export interface SeenQuery {
  name: string;
  params: Params;
  mode: 'read' | 'write' | 'auto';
}

/**
 * A GraphClient fake that records what it saw (neo4j-javascript-driver's
 * habit) and answers each named query from a handler; unhandled names fail
 * the test loudly. For unit tests of resolvers and plugins only — Cypher
 * itself is tested against the real Neo4j in test/integration.
 */
export class RecordingGraphClient implements GraphClient {
  readonly seen: SeenQuery[] = [];

  constructor(
    private readonly handlers: Record<string, (params: Params) => Row[]> = {},
    private readonly info: ServerInfo = { version: '5.26.30', edition: 'community', address: '127.0.0.1:7687' },
  ) {}

  read<T>(work: (tx: GraphTransaction) => Promise<T>): Promise<T> {
    return work(this.tx('read'));
  }

  write<T>(work: (tx: GraphTransaction) => Promise<T>): Promise<T> {
    return work(this.tx('write'));
  }

  readQuery(name: string, params: Params = {}, _options?: TransactionOptions): Promise<Row[]> {
    return this.tx('read').run(name, params);
  }

  writeQuery(name: string, params: Params = {}, _options?: TransactionOptions): Promise<Row[]> {
    return this.tx('write').run(name, params);
  }

  async runAutoCommit(cypherText: string, params: Params = {}): Promise<Row[]> {
    return this.answer(cypherText, params, 'auto');
  }

  async serverInfo(): Promise<ServerInfo> {
    return this.info;
  }

  async close(): Promise<void> {}

  private tx(mode: 'read' | 'write'): GraphTransaction {
    return {
      run: async (name, params = {}) => this.answer(name, params, mode),
      runText: async (text, params = {}) => this.answer(text, params, mode),
    };
  }

  private answer(name: string, params: Params, mode: SeenQuery['mode']): Row[] {
    this.seen.push({ name, params, mode });
    const handler = this.handlers[name];
    if (!handler) throw new Error(`RecordingGraphClient: no handler for ${name}`);
    return handler(params);
  }
}
