/**
 * Tracker labels for host names: Ghostery TrackerDB (src/data/trackers.json, compacted) and the
 * project's list of OS infrastructure hosts (osHosts.ts). The most specific rule wins.
 */
import { OS_HOSTS, type OsHostRule } from './osHosts';
import { OS_INFRASTRUCTURE, OS_INFRASTRUCTURE_NAME } from './trackerKind';

/** Which list a label comes from. */
export type TrackerSource = 'ghostery-trackerdb' | 'leakscope-os-hosts';

/** Who is behind a tracker host, as the About page credits it to Ghostery TrackerDB. */
export interface TrackerInfo {
  /** Tracker (pattern) name, e.g. "Google Analytics". */
  name: string;
  /** Category key, e.g. "site_analytics"; "os-infrastructure" for the project's OS hosts. */
  category: string;
  /** Category as shown to people, e.g. "Site Analytics". */
  category_name: string;
  /** Organisation, e.g. "Google"; null when the database names none. */
  company: string | null;
  /** The list the matching rule is in. */
  source: TrackerSource;
  /** The rule that matched: the listed host name that is the host or its nearest listed parent. */
  rule: string;
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
  /**
   * Host (lower-case, no trailing dot) -> pattern index: TrackerDB's domains and the hosts of its
   * host-only filters; a host matches itself or its nearest listed parent.
   */
  domains: Record<string, number>;
}

type Label = Omit<TrackerInfo, 'rule'>;

/** OS host rule by host name, built on first use. */
let osIndex: Map<string, Label> | null = null;

function osRules(): Map<string, Label> {
  if (osIndex) return osIndex;
  osIndex = new Map();
  for (const r of OS_HOSTS as OsHostRule[]) {
    osIndex.set(r.host, { name: r.name, category: OS_INFRASTRUCTURE, category_name: OS_INFRASTRUCTURE_NAME, company: r.company, source: 'leakscope-os-hosts' });
  }
  return osIndex;
}

/**
 * Host -> label. A host matches the most specific listed name: itself, else its nearest listed
 * parent domain, in either list; where both lists name the same host the OS list wins.
 */
export class TrackerTable {
  // The parsed file is the index: building a Map of its 5,000 domains cost ~14 ms of every CLI
  // start, for a run that looks up a few dozen hosts.
  private readonly file: TrackerFile | null;
  /** One shared object per pattern, made on first use (thousands of domains, a few hundred trackers). */
  private readonly infos: (Label | undefined)[] = [];

  /** `data`: trackers.json; null: the OS host list only. */
  constructor(data: Uint8Array | string | null) {
    if (data === null) {
      this.file = null;
      return;
    }
    const text = typeof data === 'string' ? data : new TextDecoder().decode(data);
    const f = JSON.parse(text) as TrackerFile;
    if (f.format !== 'leakscope-trackers' || f.version !== 1) throw new Error('trackers table: unknown format');
    this.file = f;
  }

  private info(p: number): Label | null {
    const f = this.file;
    const pattern = f?.patterns[p];
    if (!f || !pattern) return null;
    const [name, category, org] = pattern;
    return (this.infos[p] ??= {
      name,
      category,
      category_name: f.categories[category] ?? category,
      company: org >= 0 ? f.organizations[org] ?? null : null,
      source: 'ghostery-trackerdb',
    });
  }

  /** Number of listed TrackerDB hosts. */
  get size(): number {
    return this.file ? Object.keys(this.file.domains).length : 0;
  }

  /** Label of host or its nearest listed parent domain (never the bare top-level label). */
  lookup(host: string): TrackerInfo | null {
    let h = host.trim().toLowerCase();
    if (h.endsWith('.')) h = h.slice(0, -1);
    const os = osRules();
    const domains = this.file?.domains;
    for (;;) {
      let hit = os.get(h) ?? null;
      if (!hit && domains && Object.hasOwn(domains, h)) hit = this.info(domains[h]);
      // A copy: callers put the label into JSON reports, whose edits must stay out of the table.
      if (hit) return { ...hit, rule: h };
      const dot = h.indexOf('.');
      if (dot < 0 || h.indexOf('.', dot + 1) < 0) return null;
      h = h.slice(dot + 1);
    }
  }
}
