/** Tracker table for update-data: Ghostery TrackerDB's domains compacted to trackers.json. */
import type { TrackerFile } from '../src/core/enrich/trackers';

interface TrackerDb {
  categories: Record<string, { name: string }>;
  organizations: Record<string, { name: string }>;
  patterns: Record<string, { name: string; category: string; organization: string | null }>;
  domains: Record<string, string>;
  filters: Record<string, string>;
}

/** Builds the compact tracker file from the package's dist/trackerdb.json. */
export function buildTrackers(db: TrackerDb, source: string): TrackerFile {
  const domains = new Map<string, string>(Object.entries(db.domains).map(([d, p]) => [d.toLowerCase(), p]));
  // Host-only filters such as "||data.dentsu.de^$3p" or "||fls.doubleclick.net^$3p" name hosts
  // the domain list lacks or names only by a parent (doubleclick.net: Google Marketing Platform,
  // fls.doubleclick.net: DoubleClick Floodlight). The lookup takes the most specific listed name,
  // so they are kept wherever no domain entry names the very same host (a domain entry wins a
  // tie). Filters with paths are URL rules and say nothing about a host as a whole; filters
  // limited to some sites (domain=) only apply there.
  for (const [filter, p] of Object.entries(db.filters)) {
    const m = /^\|\|([a-z0-9.-]+)\^?(\$.*)?$/i.exec(filter);
    if (!m || /(^|[$,])domain=/.test(m[2] ?? '')) continue;
    const host = m[1].toLowerCase().replace(/\.$/, '');
    if (host.includes('.') && !domains.has(host)) domains.set(host, p);
  }
  const used = [...new Set(domains.values())].filter((k) => db.patterns[k]).sort();
  const orgKeys = [...new Set(used.map((k) => db.patterns[k].organization).filter((o): o is string => !!o && !!db.organizations[o]))].sort();
  const orgIndex = new Map(orgKeys.map((k, i) => [k, i]));
  const patIndex = new Map(used.map((k, i) => [k, i]));
  const out: TrackerFile = {
    format: 'leakscope-trackers',
    version: 1,
    source,
    categories: Object.fromEntries(Object.entries(db.categories).sort().map(([k, c]) => [k, c.name])),
    organizations: orgKeys.map((k) => db.organizations[k].name),
    patterns: used.map((k) => {
      const p = db.patterns[k];
      return [p.name, p.category, p.organization ? orgIndex.get(p.organization) ?? -1 : -1];
    }),
    domains: {},
  };
  for (const d of [...domains.keys()].sort()) {
    const i = patIndex.get(domains.get(d)!);
    if (i !== undefined) out.domains[d] = i;
  }
  return out;
}
