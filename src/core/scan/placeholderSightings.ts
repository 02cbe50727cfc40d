/**
 * Placeholder values met in one analysis (identifiers/placeholders.ts), the first sighting per
 * type, value and flow, at most MAX_SIGHTINGS: kept by each scanner and merged by the scan pool.
 */
import type { PlaceholderSighting } from '../report/types';

const MAX_SIGHTINGS = 1000;

export class PlaceholderSightings {
  private readonly keys = new Set<string>();
  private pending: PlaceholderSighting[] = [];
  private readonly all: PlaceholderSighting[] = [];
  private readonly flows = new Set<number>();

  /** Whether a sighting of this value on this flow would be kept (so its excerpt is worth making). */
  wants(type: string, value: string, flow: number): boolean {
    return this.keys.size < MAX_SIGHTINGS && !this.keys.has(keyOf(type, value, flow));
  }

  add(p: PlaceholderSighting): void {
    if (!this.wants(p.type, p.value, p.flow)) return;
    this.keys.add(keyOf(p.type, p.value, p.flow));
    this.flows.add(p.flow);
    this.all.push(p);
    this.pending.push(p);
  }

  /** Whether a sighting kept so far is on this flow. */
  hasFlow(id: number): boolean {
    return this.flows.has(id);
  }

  /** Every sighting kept so far. */
  list(): PlaceholderSighting[] {
    return [...this.all];
  }

  /** The sightings kept since the last call (a scan worker answers batch by batch). */
  take(): PlaceholderSighting[] {
    const out = this.pending;
    this.pending = [];
    return out;
  }
}

function keyOf(type: string, value: string, flow: number): string {
  return `${type}\u0000${value}\u0000${flow}`;
}
