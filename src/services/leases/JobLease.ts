import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import type { GraphClient } from '../../graph';

/** Names this runner in leases and runs: host, process and a per-runner nonce. */
export function newOwnerId(): string {
  return `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
}

/**
 * A lease on one job in Neo4j (cypher/jobs/acquire-lease.cypher): an
 * ingestion job, or a rule set's maintenance (`rules:<name>`). Held
 * until it expires unless its owner renews it (heartbeat every ttl/3).
 * Whoever holds it is the job's one runner across all replicas; expiry uses
 * the database's clock. A runner that misses its heartbeats loses the lease
 * and its `lost` signal fires, so it stops before recording anything more.
 */
export class JobLease {
  private timer: NodeJS.Timeout | null = null;
  private readonly lostController = new AbortController();

  private constructor(
    private readonly graph: GraphClient,
    readonly job: string,
    readonly owner: string,
    private readonly ttlMs: number,
  ) {}

  /** The lease, or null with how long the holder still has it. */
  static async acquire(graph: GraphClient, job: string, owner: string, ttlMs: number): Promise<{ lease: JobLease | null; remainingMs: number; holder: string | null }> {
    const rows = await graph.writeQuery('jobs/acquire-lease', { job, owner, ttlMs });
    const row = rows[0]!;
    if (!row.acquired) return { lease: null, remainingMs: Number(row.remainingMs ?? 0), holder: (row.owner as string | null) ?? null };
    const lease = new JobLease(graph, job, owner, ttlMs);
    lease.startHeartbeat();
    return { lease, remainingMs: ttlMs, holder: owner };
  }

  /** Fires when a heartbeat finds the lease taken by another runner. */
  get lost(): AbortSignal {
    return this.lostController.signal;
  }

  private startHeartbeat(): void {
    this.timer = setInterval(() => void this.renew(), Math.max(250, Math.floor(this.ttlMs / 3)));
    this.timer.unref();
  }

  private async renew(): Promise<void> {
    try {
      const rows = await this.graph.writeQuery('jobs/renew-lease', { job: this.job, owner: this.owner, ttlMs: this.ttlMs });
      if (rows.length === 0) this.markLost();
    } catch {
      // The database is unreachable: the next heartbeat tries again; if the lease expires
      // meanwhile, record-progress is fenced by it and the run stops there.
    }
  }

  private markLost(): void {
    this.stopHeartbeat();
    if (!this.lostController.signal.aborted) this.lostController.abort(new Error(`the lease on job ${this.job} was lost`));
  }

  private stopHeartbeat(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  async release(): Promise<void> {
    this.stopHeartbeat();
    try {
      await this.graph.writeQuery('jobs/release-lease', { job: this.job, owner: this.owner });
    } catch {
      // Unreleased, it expires after ttl: the next runner waits at most that long.
    }
  }
}
