/**
 * "Where the data went" as a picture's model: per country what was sent there, and the links
 * device → app → host → country of the diagram. Pure: the map and diagram components only draw it.
 */
import type { Finding, Report, ReportFlow } from '../core/report/types';
import { appLabel } from './apps';
import { countryName, formatBytes, joinAnd, plural } from './format';
import { rankType, typeInfo } from './identifiers';

/**
 * How a country, host or link is shaded: identifiers went in clear text, identifiers went only
 * inside encrypted traffic, or traffic without any identifier we look for.
 */
export type Shade = 'clear' | 'encrypted' | 'traffic';

export const SHADE_WORDS: Record<Shade, string> = {
  clear: 'identifiers in clear text',
  encrypted: 'identifiers inside encrypted traffic',
  traffic: 'traffic, no identifier found',
};

export interface CountryRow {
  /** ISO 3166-1 alpha-2, as hosts carry it. */
  code: string;
  name: string;
  /** Host names (or addresses when unnamed), most findings first. */
  hosts: string[];
  flows: number;
  /** Flows that were encrypted on the wire (read with keys or not). */
  encryptedFlows: number;
  /** Bytes the device uploaded to this country, and all bytes both ways. */
  sent: number;
  bytes: number;
  findings: number;
  clearFindings: number;
  /** Identifier kinds (labels), most serious first: all, and those seen in clear text. */
  kinds: string[];
  clearKinds: string[];
  shade: Shade;
  /** One sentence for screen readers and the text list: "China: 3 hosts, IMEI and phone number in clear text." */
  text: string;
}

export interface Geography {
  countries: CountryRow[];
  /** Flows whose server has no country (LAN, private or unknown addresses). */
  nowhere: { flows: number; bytes: number; findings: number };
  /** The map's aria-label: "Data went to 4 countries; identifiers in clear text to China, …". */
  summary: string;
}

/** Findings that left the device: LAN-only ones (DHCP, mDNS, …) went to no country. */
function remote(f: Finding): boolean {
  return f.scope !== 'local';
}

const hostKey = (f: ReportFlow) => f.host ?? f.server.ip;

function shadeOf(findings: number, clearFindings: number): Shade {
  return clearFindings ? 'clear' : findings ? 'encrypted' : 'traffic';
}

function kindLabels(types: Iterable<string>): string[] {
  return [...new Set(types)].sort((a, b) => rankType(a) - rankType(b)).map((t) => typeInfo(t).label);
}

/** One row per country the device's flows went to, identifiers in clear first, then by findings and bytes. */
export function geographyOf(report: Report): Geography {
  const rows = new Map<string, CountryRow & { hostFindings: Map<string, number>; types: string[]; clearTypes: string[] }>();
  const nowhere = { flows: 0, bytes: 0, findings: 0 };
  const flowById = new Map(report.flows.map((f) => [f.id, f]));
  const rowOf = (code: string) => {
    let r = rows.get(code);
    if (!r) {
      r = {
        code, name: countryName(code) ?? code, hosts: [], flows: 0, encryptedFlows: 0, sent: 0, bytes: 0, findings: 0, clearFindings: 0,
        kinds: [], clearKinds: [], shade: 'traffic', text: '', hostFindings: new Map(), types: [], clearTypes: [],
      };
      rows.set(code, r);
    }
    return r;
  };
  for (const f of report.flows) {
    if (!f.country) {
      nowhere.flows++;
      nowhere.bytes += f.bytes;
      continue;
    }
    const r = rowOf(f.country);
    r.flows++;
    if (f.encrypted) r.encryptedFlows++;
    r.sent += f.upload_bytes;
    r.bytes += f.bytes;
    if (!r.hostFindings.has(hostKey(f))) r.hostFindings.set(hostKey(f), 0);
  }
  for (const x of report.findings) {
    if (!remote(x)) continue;
    const flow = flowById.get(x.flow);
    const code = flow ? flow.country : x.country;
    if (!code) {
      nowhere.findings++;
      continue;
    }
    const r = rowOf(code);
    r.findings++;
    r.types.push(x.type);
    if (!x.encrypted_on_wire) {
      r.clearFindings++;
      r.clearTypes.push(x.type);
    }
    const host = flow ? hostKey(flow) : x.host ?? '?';
    r.hostFindings.set(host, (r.hostFindings.get(host) ?? 0) + 1);
  }
  const countries: CountryRow[] = [...rows.values()].map(({ hostFindings, types, clearTypes, ...r }) => {
    const row: CountryRow = {
      ...r,
      hosts: [...hostFindings].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([h]) => h),
      kinds: kindLabels(types),
      clearKinds: kindLabels(clearTypes),
      shade: shadeOf(r.findings, r.clearFindings),
    };
    row.text = countryText(row);
    return row;
  });
  countries.sort((a, b) => b.clearFindings - a.clearFindings || b.findings - a.findings || b.bytes - a.bytes || a.name.localeCompare(b.name));
  return { countries, nowhere, summary: summaryOf(countries) };
}

function countryText(r: CountryRow): string {
  const parts = [`${plural(r.hosts.length, 'host')}, ${plural(r.flows, 'connection')}, ${formatBytes(r.sent)} sent`];
  const encryptedOnly = r.kinds.filter((k) => !r.clearKinds.includes(k));
  if (r.clearKinds.length) parts.push(`${joinAnd(r.clearKinds)} in clear text`);
  if (encryptedOnly.length) parts.push(`${joinAnd(encryptedOnly)} inside encrypted traffic`);
  if (!r.findings) parts.push('no identifier found');
  return `${r.name}: ${parts.join('; ')}.`;
}

function summaryOf(countries: CountryRow[]): string {
  if (!countries.length) return 'World map: no traffic went to a server with a known country.';
  const names = (s: Shade) => countries.filter((c) => c.shade === s).map((c) => c.name);
  const parts = [`World map: traffic went to ${plural(countries.length, 'country', 'countries')}`];
  if (names('clear').length) parts.push(`identifiers in clear text to ${joinAnd(names('clear'))}`);
  if (names('encrypted').length) parts.push(`identifiers only inside encrypted traffic to ${joinAnd(names('encrypted'))}`);
  if (names('traffic').length) parts.push(`no identifier to ${joinAnd(names('traffic'))}`);
  return `${parts.join('; ')}.`;
}

// ——— The diagram: device → app → host → country ———

export type Column = 'device' | 'app' | 'host' | 'country';

export interface DiagramNode {
  id: string;
  column: Column;
  label: string;
  /** Bytes through it, findings through it (remote ones), and of those in clear text. */
  bytes: number;
  findings: number;
  clearFindings: number;
  shade: Shade;
}

export interface DiagramLink {
  from: string;
  to: string;
  flows: number;
  bytes: number;
  findings: number;
  clearFindings: number;
  shade: Shade;
}

/** The text equivalent: device, its apps, each app's hosts with their country. */
export interface DiagramTree {
  label: string;
  apps: { label: string; text: string; hosts: { label: string; country: string | null; shade: Shade; text: string }[] }[];
}

export interface Diagram {
  nodes: DiagramNode[];
  links: DiagramLink[];
  tree: DiagramTree;
  /** Hosts folded into the "N other hosts" node. */
  otherHosts: number;
}

const OTHER_HOSTS = 'host:*';
const UNKNOWN_APP = 'app:?';
const NO_COUNTRY = 'country:?';

/** The diagram's columns; the `maxHosts` busiest hosts (identifiers first) keep their own node. */
export function diagramOf(report: Report, maxHosts = 8): Diagram {
  const flowById = new Map(report.flows.map((f) => [f.id, f]));
  const perFlow = new Map<number, { findings: number; clear: number; types: string[] }>();
  for (const x of report.findings) {
    if (!remote(x) || !flowById.has(x.flow)) continue;
    const p = perFlow.get(x.flow) ?? { findings: 0, clear: 0, types: [] };
    p.findings++;
    if (!x.encrypted_on_wire) p.clear++;
    p.types.push(x.type);
    perFlow.set(x.flow, p);
  }
  // Rank hosts to decide which keep a node of their own.
  const hostRank = new Map<string, { clear: number; findings: number; bytes: number }>();
  for (const f of report.flows) {
    const h = hostRank.get(hostKey(f)) ?? { clear: 0, findings: 0, bytes: 0 };
    const p = perFlow.get(f.id);
    h.clear += p?.clear ?? 0;
    h.findings += p?.findings ?? 0;
    h.bytes += f.bytes;
    hostRank.set(hostKey(f), h);
  }
  const ranked = [...hostRank].sort(([ak, a], [bk, b]) => b.clear - a.clear || b.findings - a.findings || b.bytes - a.bytes || ak.localeCompare(bk));
  // Folding a single host into "1 other host" hides it for nothing.
  const keep = new Set(ranked.slice(0, ranked.length === maxHosts + 1 ? ranked.length : maxHosts).map(([k]) => k));
  const otherHosts = ranked.length - keep.size;

  const nodes = new Map<string, DiagramNode>();
  const links = new Map<string, DiagramLink>();
  const node = (id: string, column: Column, label: string) => {
    let n = nodes.get(id);
    if (!n) nodes.set(id, (n = { id, column, label, bytes: 0, findings: 0, clearFindings: 0, shade: 'traffic' }));
    return n;
  };
  const link = (from: string, to: string) => {
    const key = `${from}\n${to}`;
    let l = links.get(key);
    if (!l) links.set(key, (l = { from, to, flows: 0, bytes: 0, findings: 0, clearFindings: 0, shade: 'traffic' }));
    return l;
  };
  const device = node('device', 'device', deviceLabel(report));
  // Tree for the text equivalent: per app, per host.
  const tree = new Map<string, { label: string; flows: number; findings: number; clear: number; types: string[]; hosts: Map<string, { country: string | null; flows: number; findings: number; clear: number; types: string[]; encrypted: number }> }>();

  for (const f of report.flows) {
    const app = f.app !== null ? report.apps?.[f.app] : undefined;
    const appId = app ? `app:${f.app}` : UNKNOWN_APP;
    const key = hostKey(f);
    const hostId = keep.has(key) ? `host:${key}` : OTHER_HOSTS;
    const countryId = f.country ? `country:${f.country}` : NO_COUNTRY;
    const path = [
      device,
      node(appId, 'app', app ? appLabel(app) : 'Unknown app'),
      node(hostId, 'host', keep.has(key) ? key : plural(otherHosts, 'other host')),
      node(countryId, 'country', f.country ? countryName(f.country) ?? f.country : 'No country (local or unknown)'),
    ];
    const p = perFlow.get(f.id);
    for (const n of path) {
      n.bytes += f.bytes;
      n.findings += p?.findings ?? 0;
      n.clearFindings += p?.clear ?? 0;
    }
    for (let i = 1; i < path.length; i++) {
      const l = link(path[i - 1].id, path[i].id);
      l.flows++;
      l.bytes += f.bytes;
      l.findings += p?.findings ?? 0;
      l.clearFindings += p?.clear ?? 0;
    }
    let t = tree.get(appId);
    if (!t) tree.set(appId, (t = { label: path[1].label, flows: 0, findings: 0, clear: 0, types: [], hosts: new Map() }));
    t.flows++;
    t.findings += p?.findings ?? 0;
    t.clear += p?.clear ?? 0;
    t.types.push(...(p?.types ?? []));
    let th = t.hosts.get(key);
    if (!th) t.hosts.set(key, (th = { country: f.country, flows: 0, findings: 0, clear: 0, types: [], encrypted: 0 }));
    th.flows++;
    if (f.encrypted) th.encrypted++;
    th.findings += p?.findings ?? 0;
    th.clear += p?.clear ?? 0;
    th.types.push(...(p?.types ?? []));
  }
  for (const n of nodes.values()) n.shade = shadeOf(n.findings, n.clearFindings);
  for (const l of links.values()) l.shade = shadeOf(l.findings, l.clearFindings);

  const byWeight = <T extends { clearFindings: number; findings: number; bytes: number }>(a: T, b: T) =>
    b.clearFindings - a.clearFindings || b.findings - a.findings || b.bytes - a.bytes;
  const order: Column[] = ['device', 'app', 'host', 'country'];
  const sortedNodes = [...nodes.values()].sort((a, b) => order.indexOf(a.column) - order.indexOf(b.column) || byWeight(a, b) || a.label.localeCompare(b.label));
  // "N other hosts" and "No country" go last in their column whatever they carry.
  const last = (n: DiagramNode) => (n.id === OTHER_HOSTS || n.id === NO_COUNTRY ? 1 : 0);
  sortedNodes.sort((a, b) => order.indexOf(a.column) - order.indexOf(b.column) || last(a) - last(b));

  return {
    nodes: sortedNodes,
    links: [...links.values()].sort(byWeight),
    otherHosts,
    tree: {
      label: device.label,
      apps: [...tree.values()]
        .sort((a, b) => b.clear - a.clear || b.findings - a.findings || b.flows - a.flows)
        .map((a) => ({
          label: a.label,
          text: `${a.label}: ${plural(a.flows, 'connection')} to ${plural(a.hosts.size, 'host')}${a.findings ? `, ${plural(a.findings, 'identifier')} (${joinAnd(kindLabels(a.types))}), ${a.clear === a.findings ? 'all in clear text' : a.clear ? `${a.clear} in clear text` : 'all inside encrypted traffic'}` : ', no identifier found'}.`,
          hosts: [...a.hosts]
            .sort(([ak, x], [bk, y]) => y.clear - x.clear || y.findings - x.findings || y.flows - x.flows || ak.localeCompare(bk))
            .map(([label, h]) => ({
              label,
              country: h.country,
              shade: shadeOf(h.findings, h.clear),
              text: hostText(label, h),
            })),
        })),
    },
  };
}

function hostText(label: string, h: { country: string | null; flows: number; findings: number; clear: number; types: string[]; encrypted: number }): string {
  const where = h.country ? ` (${countryName(h.country) ?? h.country})` : '';
  const wire = h.encrypted === h.flows ? 'encrypted' : h.encrypted ? 'partly encrypted' : 'not encrypted';
  const what = h.findings
    ? `${joinAnd(kindLabels(h.types))} ${h.clear === h.findings ? 'in clear text' : h.clear ? `(${h.clear} of ${h.findings} in clear text)` : 'inside encrypted traffic'}`
    : 'no identifier found';
  return `${label}${where}: ${plural(h.flows, 'connection')}, ${wire}; ${what}.`;
}

function deviceLabel(report: Report): string {
  const d = report.device;
  return d?.hardware ? `This device (${d.hardware})` : d?.name ? `This device (${d.name})` : 'This device';
}
