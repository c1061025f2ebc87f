import type { GraphClient, GraphTransaction, Params, Row, TransactionOptions } from '../../src/graph';

/**
 * Wraps a real GraphClient and records every statement it runs (query name,
 * or the first line of inline text), for tests that count round trips or
 * check that a statement did not run.
 */
export class CountingGraphClient implements GraphClient {
  readonly statements: string[] = [];

  constructor(private readonly inner: GraphClient) {}

  reset(): void {
    this.statements.length = 0;
  }

  read<T>(work: (tx: GraphTransaction) => Promise<T>, options?: TransactionOptions): Promise<T> {
    return this.inner.read((tx) => work(this.wrap(tx)), options);
  }

  write<T>(work: (tx: GraphTransaction) => Promise<T>, options?: TransactionOptions): Promise<T> {
    return this.inner.write((tx) => work(this.wrap(tx)), options);
  }

  readQuery(name: string, params?: Params, options?: TransactionOptions): Promise<Row[]> {
    this.statements.push(name);
    return this.inner.readQuery(name, params, options);
  }

  writeQuery(name: string, params?: Params, options?: TransactionOptions): Promise<Row[]> {
    this.statements.push(name);
    return this.inner.writeQuery(name, params, options);
  }

  runAutoCommit(cypherText: string, params?: Params): Promise<Row[]> {
    this.statements.push(firstLine(cypherText));
    return this.inner.runAutoCommit(cypherText, params);
  }

  serverInfo() {
    return this.inner.serverInfo();
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  private wrap(tx: GraphTransaction): GraphTransaction {
    return {
      run: (name, params) => {
        this.statements.push(name);
        return tx.run(name, params);
      },
      runText: (text, params) => {
        this.statements.push(firstLine(text));
        return tx.runText(text, params);
      },
    };
  }
}

const firstLine = (text: string) => text.trim().split('\n')[0]!;
