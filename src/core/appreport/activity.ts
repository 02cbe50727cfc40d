/**
 * What an App Privacy Report says, kept for the report: the apps it names (interned into the
 * capture's AppTable as they are met, so their ids do not depend on when a report is built),
 * and per app the domains contacted and the data accessed (the report's `app_activity`).
 */
import type { AppTable } from '../apps/appTable';
import type { ReportAppActivity, ReportAppAccess } from './types';
import type { AccessRecord, AppReportRecord, NetworkActivityRecord } from './records';

export const APP_REPORT_SOURCE = 'app-privacy-report';

const iso = (ms: number): string | null => (Number.isFinite(ms) && Math.abs(ms) <= 8.64e15 ? new Date(ms).toISOString() : null);

export class AppActivity {
  readonly network: NetworkActivityRecord[] = [];
  readonly access: AccessRecord[] = [];
  /** bundleID -> index into the report's apps. */
  private readonly ids = new Map<string, number>();
  /** domain -> its networkActivity records (the join's candidates). */
  private readonly byDomain = new Map<string, NetworkActivityRecord[]>();

  constructor(private readonly apps: AppTable) {}

  get empty(): boolean {
    return this.ids.size === 0;
  }

  add(r: AppReportRecord): void {
    this.appOf(r.bundleID);
    if (r.type === 'access') return void this.access.push(r);
    this.network.push(r);
    const list = this.byDomain.get(r.domain);
    if (list) list.push(r);
    else this.byDomain.set(r.domain, [r]);
  }

  /** The index in `apps` of a bundle ID, adding it when new. */
  appOf(bundleID: string): number {
    let id = this.ids.get(bundleID);
    if (id === undefined) {
      id = this.apps.intern({ source: APP_REPORT_SOURCE, package: bundleID, name: null });
      this.ids.set(bundleID, id);
    }
    return id;
  }

  /** The records of apps that contacted a domain (exact host name, as Apple records it). */
  contacts(domain: string): readonly NetworkActivityRecord[] {
    return this.byDomain.get(domain) ?? [];
  }

  /** The report's section: one entry per app, in the order the file first names them. */
  entries(): ReportAppActivity[] {
    const out = new Map<string, ReportAppActivity>();
    for (const [bundleID, app] of this.ids) out.set(bundleID, { app, package: bundleID, domains: [], access: [] });
    for (const r of this.network) {
      out.get(r.bundleID)!.domains.push({
        domain: r.domain, hits: r.hits, first: iso(r.first), last: iso(r.last), domain_owner: r.domainOwner,
        domain_type: r.domainType, initiated: r.initiatedType, context: r.context,
      });
    }
    // Intervals: Apple writes a begin and an end with the same identifier (a UUID).
    const open = new Map<string, ReportAppAccess>();
    for (const r of this.access) {
      const list = out.get(r.bundleID)!.access;
      const key = `${r.bundleID}\u0000${r.category}\u0000${r.identifier ?? ''}`;
      if (r.kind === 'intervalBegin') {
        const entry: ReportAppAccess = { category: r.category, start: iso(r.time), end: null };
        list.push(entry);
        if (r.identifier) open.set(key, entry);
      } else if (r.kind === 'intervalEnd' && open.has(key)) {
        open.get(key)!.end = iso(r.time);
        open.delete(key);
      } else if (r.kind === 'intervalEnd') {
        list.push({ category: r.category, start: null, end: iso(r.time) });
      } else {
        list.push({ category: r.category, start: iso(r.time), end: iso(r.time) });
      }
    }
    return [...out.values()];
  }
}
