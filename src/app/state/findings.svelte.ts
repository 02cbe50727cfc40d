/** Filters and sort order of the findings view; the filtered list is derived. */
import type { Finding, Report } from '../../core/report/types';
import { severity, typeInfo } from '../../present/identifiers';
import { appAt, appShort } from '../../present/apps';
import { flowById } from '../../present/flowById';

export type SortKey = 'severity' | 'type' | 'host' | 'frame' | 'value';
export type Wire = 'all' | 'clear' | 'encrypted';
export type DirectionFilter = 'all' | 'upload' | 'download';

/** The app filter's value for findings no file attributes to an app. */
export const NO_APP = 'none';

/** A finding with its index in report.findings (stable id for evidence and keys). */
export interface Row {
  i: number;
  f: Finding;
}

export class FindingsState {
  type = $state<string>('all');
  host = $state<string>('all');
  wire = $state<Wire>('all');
  direction = $state<DirectionFilter>('all');
  /** 'all', NO_APP, or an index into report.apps as a string (a select's value). */
  app = $state<string>('all');
  query = $state('');
  sort = $state<SortKey>('severity');

  /** Rows after filters and sort. */
  rows = $derived.by(() => this.#compute(this.report()));
  /** Distinct types and hosts present, for the filter menus. */
  options = $derived.by(() => {
    const r = this.report();
    const types = new Map<string, number>();
    const hosts = new Map<string, number>();
    const apps = new Map<string, number>();
    for (const f of r?.findings ?? []) {
      types.set(f.type, (types.get(f.type) ?? 0) + 1);
      const h = hostKey(f, r!);
      hosts.set(h, (hosts.get(h) ?? 0) + 1);
      const a = appKey(f, r!);
      apps.set(a, (apps.get(a) ?? 0) + 1);
    }
    return {
      types: [...types].sort((a, b) => typeInfo(b[0]).weight - typeInfo(a[0]).weight),
      hosts: [...hosts].sort((a, b) => b[1] - a[1]),
      /** [filter value, label, count]; empty when the report names no app (the filter is then hidden). */
      apps: r?.apps?.length
        ? [...apps].map(([k, n]): [string, string, number] => [k, k === NO_APP ? 'Unknown app' : appShort(r.apps![Number(k)]), n]).sort((a, b) => b[2] - a[2])
        : [],
    };
  });

  constructor(private readonly report: () => Report | null) {}

  get filtered(): boolean {
    return this.type !== 'all' || this.host !== 'all' || this.app !== 'all' || this.wire !== 'all' || this.direction !== 'all' || this.query.trim() !== '';
  }

  reset(): void {
    this.type = 'all';
    this.host = 'all';
    this.app = 'all';
    this.wire = 'all';
    this.direction = 'all';
    this.query = '';
  }

  #compute(report: Report | null): Row[] {
    if (!report) return [];
    const q = this.query.trim().toLowerCase();
    const rows: Row[] = [];
    const all = report.findings;
    for (let i = 0; i < all.length; i++) {
      const f = all[i];
      if (this.type !== 'all' && f.type !== this.type) continue;
      if (this.host !== 'all' && hostKey(f, report) !== this.host) continue;
      if (this.app !== 'all' && appKey(f, report) !== this.app) continue;
      if (this.wire === 'clear' && f.encrypted_on_wire) continue;
      if (this.wire === 'encrypted' && !f.encrypted_on_wire) continue;
      if (this.direction !== 'all' && f.direction !== this.direction) continue;
      if (q && !`${f.value} ${f.type} ${f.host ?? ''} ${f.context} ${f.encoding} ${f.protocol}`.toLowerCase().includes(q)) continue;
      rows.push({ i, f });
    }
    const by = this.sort;
    const cmp: Record<SortKey, (a: Row, b: Row) => number> = {
      severity: (a, b) => severity(b.f) - severity(a.f) || a.f.frame - b.f.frame,
      type: (a, b) => typeInfo(b.f.type).weight - typeInfo(a.f.type).weight || a.f.type.localeCompare(b.f.type) || a.f.frame - b.f.frame,
      host: (a, b) => hostKey(a.f, report).localeCompare(hostKey(b.f, report)) || a.f.frame - b.f.frame,
      frame: (a, b) => a.f.frame - b.f.frame || a.i - b.i,
      value: (a, b) => a.f.value.localeCompare(b.f.value) || a.f.frame - b.f.frame,
    };
    return rows.sort(cmp[by]);
  }
}

/** The host a finding went to, or its server address when unnamed. */
export function hostKey(f: Finding, report: Report): string {
  return f.host ?? flowById(report, f.flow)?.server.ip ?? '?';
}

/** The app filter's value for a finding: its app's index as a string, else NO_APP. */
export function appKey(f: Finding, report: Report): string {
  return appAt(report, f.app) ? String(f.app) : NO_APP;
}
