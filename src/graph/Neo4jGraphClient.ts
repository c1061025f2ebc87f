import neo4j, { type Driver, type ManagedTransaction, type Session } from 'neo4j-driver';
import { CausewayError } from '../errors';
import type { CypherCatalog } from './cypherCatalog';
import type { GraphClient, GraphTransaction, Params, Row, ServerInfo, TransactionOptions } from './GraphClient';
import { translateDriverError } from './driverErrors';
import { recordToRow } from './toPlain';

/**
 * GraphClient over neo4j-driver. Managed transactions (`executeRead` /
 * `executeWrite`) give the retry on transient errors (deadlocks, leader
 * changes in a cluster) with the driver's backoff; every session is closed in
 * a `finally`, whichever way the work ends.
 */
export class Neo4jGraphClient implements GraphClient {
  constructor(
    private readonly driver: Driver,
    private readonly catalog: CypherCatalog,
    private readonly database?: string,
  ) {}

  read<T>(work: (tx: GraphTransaction) => Promise<T>, options?: TransactionOptions): Promise<T> {
    return this.withSession('READ', (session) => session.executeRead((tx) => work(this.wrap(tx)), txConfig(options)), options);
  }

  write<T>(work: (tx: GraphTransaction) => Promise<T>, options?: TransactionOptions): Promise<T> {
    return this.withSession('WRITE', (session) => session.executeWrite((tx) => work(this.wrap(tx)), txConfig(options)), options);
  }

  readQuery(name: string, params?: Params, options?: TransactionOptions): Promise<Row[]> {
    return this.read((tx) => tx.run(name, params), options);
  }

  writeQuery(name: string, params?: Params, options?: TransactionOptions): Promise<Row[]> {
    return this.write((tx) => tx.run(name, params), options);
  }

  async runAutoCommit(cypherText: string, params: Params = {}): Promise<Row[]> {
    return this.withSession('WRITE', async (session) => {
      const result = await session.run(cypherText, params);
      return result.records.map(recordToRow);
    });
  }

  async serverInfo(): Promise<ServerInfo> {
    const rows = await this.read((tx) =>
      tx.runText('CALL dbms.components() YIELD name, versions, edition RETURN versions[0] AS version, edition'),
    );
    const info = await this.driver.getServerInfo();
    return { version: String(rows[0]?.version), edition: String(rows[0]?.edition), address: String(info.address) };
  }

  close(): Promise<void> {
    return this.driver.close();
  }

  private wrap(tx: ManagedTransaction): GraphTransaction {
    return {
      run: async (name, params = {}) => (await tx.run(this.catalog.get(name), params)).records.map(recordToRow),
      runText: async (text, params = {}) => (await tx.run(text, params)).records.map(recordToRow),
    };
  }

  private async withSession<T>(mode: 'READ' | 'WRITE', work: (session: Session) => Promise<T>, options?: TransactionOptions): Promise<T> {
    options?.signal?.throwIfAborted();
    const session = this.driver.session({
      defaultAccessMode: mode === 'READ' ? neo4j.session.READ : neo4j.session.WRITE,
      database: this.database,
    });
    // Closing the session on abort rolls back the open transaction on the server.
    const onAbort = () => void session.close();
    options?.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      return await work(session);
    } catch (error) {
      if (options?.signal?.aborted) {
        throw new CausewayError('the operation was cancelled', { code: 'TIMEOUT', cause: error });
      }
      throw translateDriverError(error);
    } finally {
      options?.signal?.removeEventListener('abort', onAbort);
      await session.close();
    }
  }
}

function txConfig(options?: TransactionOptions) {
  return { timeout: options?.timeoutMs, metadata: options?.metadata };
}
