import type { Versioned } from '../services/kg';

/**
 * Collects the graph versions a request's reads saw. The response reports
 * them in `extensions.graphVersion` (the lowest) and, when a write landed
 * between two reads of one request, `extensions.graphVersionMax` as well.
 */
export class GraphVersionTracker {
  private min: number | null = null;
  private max: number | null = null;

  see(version: number): void {
    this.min = this.min === null ? version : Math.min(this.min, version);
    this.max = this.max === null ? version : Math.max(this.max, version);
  }

  from<T>(versioned: Versioned<T>): T {
    this.see(versioned.graphVersion);
    return versioned.value;
  }

  extensions(): Record<string, number> | null {
    if (this.min === null || this.max === null) return null;
    return this.min === this.max ? { graphVersion: this.min } : { graphVersion: this.min, graphVersionMax: this.max };
  }
}
