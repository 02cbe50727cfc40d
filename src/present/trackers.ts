/**
 * Who is behind the hosts a capture contacted, from the labels the offline enrichment puts on
 * flows and hosts (src/core/enrich: Ghostery TrackerDB and the project's OS host list).
 */
import type { Report, ReportFlow } from '../core/report/types';
import { isOsInfrastructure, isTracker } from '../core/enrich/trackerKind';
import { joinAnd, plural } from './format';

/** A label as the report carries it (flows[].tracker, hosts[].tracker); absent before enrichment. */
export interface TrackerLabel {
  name: string;
  category: string;
  category_name?: string;
  company?: string | null;
  source?: string;
  rule?: string;
}

/** The label of an enriched flow (or host), null when it has none or the report was not enriched. */
export function labelOf(x: object | null | undefined): TrackerLabel | null {
  const t = (x as { tracker?: unknown } | null | undefined)?.tracker;
  if (!t || typeof t !== 'object') return null;
  const l = t as Partial<TrackerLabel>;
  return typeof l.name === 'string' && typeof l.category === 'string' ? (l as TrackerLabel) : null;
}

/**
 * The organisation behind a label: its company, else the tracker's own name (TrackerDB names no
 * company for some). Corporate suffixes after a comma go ("comScore, Inc." → "comScore"): the name
 * is read inside comma-separated lists.
 */
export function organisationOf(t: TrackerLabel | null): string | null {
  if (!t) return null;
  const name = t.company || t.name;
  return name.replace(/,\s*(Inc\.?|LLC|Ltd\.?|GmbH|S\.A\.|AG)$/i, '').trim() || name;
}

/** The label's category as people read it; OS infrastructure is not a tracker and says so. */
export function categoryOf(t: TrackerLabel | null): string | null {
  if (!t) return null;
  if (isOsInfrastructure(t)) return 'OS service';
  return t.category_name || t.category;
}

/**
 * Categories the verdict counts as advertising and analytics: what follows people around.
 * TrackerDB's other categories (hosting, CDNs, social widgets, players, utilities) label services
 * a page or app uses, often its own first party (reddit's hosts on a reddit capture), so they stay
 * in the Hosts table only.
 */
const ADVERTISING = new Set(['advertising', 'pornvertising']);
const ANALYTICS = new Set(['site_analytics']);

export interface TrackerCompany {
  name: string;
  /** Flows to its advertising and analytics hosts. */
  connections: number;
}

export interface TrackerSummary {
  /** Flows (connections) to advertising and analytics hosts, encrypted or not. */
  connections: number;
  /** Distinct organisations, most connections first (then by name). */
  companies: TrackerCompany[];
  /** The sentence, '' when there were none. */
  text: string;
}

/** Companies named in the sentence before "and N more". */
const NAMED = 5;

/** Advertising and analytics companies contacted: one sentence, counted over the report's flows. */
export function trackerSummary(report: Report): TrackerSummary {
  const byCompany = new Map<string, number>();
  let connections = 0;
  let ads = false;
  let analytics = false;
  for (const f of report.flows as ReportFlow[]) {
    const t = labelOf(f);
    if (!t || !isTracker(t)) continue;
    const ad = ADVERTISING.has(t.category);
    const an = ANALYTICS.has(t.category);
    if (!ad && !an) continue;
    ads ||= ad;
    analytics ||= an;
    connections++;
    const org = organisationOf(t)!;
    byCompany.set(org, (byCompany.get(org) ?? 0) + 1);
  }
  const companies = [...byCompany]
    .map(([name, n]) => ({ name, connections: n }))
    .sort((a, b) => b.connections - a.connections || a.name.localeCompare(b.name, 'en', { sensitivity: 'base' }));
  if (!connections) return { connections, companies, text: '' };
  const kind = ads && analytics ? 'advertising and analytics' : ads ? 'advertising' : 'analytics';
  const who = companies.length === 1 ? `an ${kind} company` : `${kind} companies`;
  const shown = companies.slice(0, NAMED).map((c) => c.name);
  const more = companies.length - shown.length;
  const names = more > 0 ? `${shown.join(', ')} and ${more} more` : joinAnd(shown);
  return { connections, companies, text: `${plural(connections, 'connection')} to ${who}: ${names}.` };
}

