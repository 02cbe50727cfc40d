/** Tracker labels for host names, from src/data/trackers.json (Ghostery TrackerDB, compacted). */

/** Who is behind a tracker host, as the About page credits it to Ghostery TrackerDB. */
export interface TrackerInfo {
  /** Tracker (pattern) name, e.g. "Google Analytics". */
  name: string;
  /** Category key, e.g. "site_analytics". */
  category: string;
  /** Category as shown to people, e.g. "Site Analytics". */
  category_name: string;
  /** Organisation, e.g. "Google"; null when the database names none. */
  company: string | null;
}

/** Shape of trackers.json as scripts/update-data.ts writes it. */
export interface TrackerFile {
  format: 'leakscope-trackers';
  version: 1;
  source: string;
  categories: Record<string, string>;
  organizations: string[];
  /** [name, category key, organization index or -1] */
  patterns: [string, string, number][];
  /** domain (lower-case, no trailing dot) -> pattern index */
  domains: Record<string, number>;
}

/** Domain -> tracker map; a host matches itself or its nearest listed parent domain. */
export class TrackerTable {
  // The parsed file is the index: building a Map of its 5,000 domains cost ~14 ms of every CLI
  // start, for a run that looks up a few dozen hosts.
  private readonly file: TrackerFile;
  /** One shared object per pattern, made on first use (thousands of domains, a few hundred trackers). */
  private readonly infos: (TrackerInfo | undefined)[] = [];

  constructor(data: Uint8Array | string) {
    const text = typeof data === 'string' ? data : new TextDecoder().decode(data);
    const f = JSON.parse(text) as TrackerFile;
    if (f.format !== 'leakscope-trackers' || f.version !== 1) throw new Error('trackers table: unknown format');
    this.file = f;
  }

  private info(p: number): TrackerInfo | null {
    const f = this.file;
    const pattern = f.patterns[p];
    if (!pattern) return null;
    const [name, category, org] = pattern;
    return (this.infos[p] ??= {
      name,
      category,
      category_name: f.categories[category] ?? category,
      company: org >= 0 ? f.organizations[org] ?? null : null,
    });
  }

  /** Number of listed domains. */
  get size(): number {
    return Object.keys(this.file.domains).length;
  }

  /** Label of host or its nearest parent domain (never the bare top-level label). */
  lookup(host: string): TrackerInfo | null {
    let h = host.trim().toLowerCase();
    if (h.endsWith('.')) h = h.slice(0, -1);
    for (;;) {
      const p = Object.hasOwn(this.file.domains, h) ? this.file.domains[h] : undefined;
      const hit = p === undefined ? null : this.info(p);
      if (hit) return copy(hit);
      const dot = h.indexOf('.');
      if (dot < 0 || h.indexOf('.', dot + 1) < 0) return null;
      h = h.slice(dot + 1);
    }
  }
}

// Callers put the label into JSON reports; a copy keeps one report's edits out of the table.
function copy(t: TrackerInfo): TrackerInfo {
  return { ...t };
}
