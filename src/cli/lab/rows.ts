/**
 * One report as rows of the lab tables (tables.ts), keyed by column name. Pure: the reports are
 * untrusted JSON (any file in a results folder), so every field is read defensively and a
 * missing or mistyped one becomes null rather than a crash or a wrong type in the database.
 */

export type Cell = string | number | boolean | null | string[] | number[];
export type Row = Record<string, Cell>;

export interface ReportRows {
  captures: Row[];
  apps: Row[];
  flows: Row[];
  hosts: Row[];
  findings: Row[];
}

type Obj = Record<string, unknown>;

const obj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const text = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const int = (v: unknown): number | null => (typeof v === 'number' && Number.isSafeInteger(v) ? v : null);
const bool = (v: unknown): boolean | null => (typeof v === 'boolean' ? v : null);
const texts = (v: unknown): string[] => arr(v).filter((x): x is string => typeof x === 'string');
const ints = (v: unknown): number[] => arr(v).filter((x): x is number => typeof x === 'number' && Number.isSafeInteger(x) && Math.abs(x) < 2 ** 31);
/** Times as the report writes them (ISO 8601); anything else would fail the TIMESTAMPTZ cast. */
const time = (v: unknown): string | null => (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(v) ? v : null);

/** Why a JSON file is not a report, or null when it is one (`leakscope scan` output, version 1 or 2). */
export function notReport(json: unknown): string | null {
  const r = obj(json);
  if (r.format !== 'capture-report') return 'not a capture report (no "format": "capture-report")';
  if (r.version !== 1 && r.version !== 2) return `unknown report version ${JSON.stringify(r.version)}`;
  const c = obj(r.capture);
  if (typeof c.name !== 'string') return 'report without capture.name';
  if (!Array.isArray(r.findings) || !Array.isArray(r.flows)) return 'report without findings or flows';
  return null;
}

function trackerCells(v: unknown): Row {
  const t = obj(v);
  return { tracker_name: text(t.name), tracker_category: text(t.category), tracker_company: text(t.company) };
}

function placeCells(o: Obj): Row {
  return { domain: text(o.domain), country: text(o.country), asn: int(o.asn), org: text(o.org) };
}

/** The rows of one report, as capture number `capture`, read from `file`. */
export function reportRows(json: unknown, capture: number, file: string): ReportRows {
  const r = obj(json);
  const c = obj(r.capture);
  const d = obj(r.device);
  const version = int(r.version);
  const apps = arr(r.apps).map(obj);
  const appOf = (i: unknown): Obj | undefined => (int(i) === null ? undefined : apps.find((a) => a.id === i));
  const flows = arr(r.flows).map(obj);
  const findings = arr(r.findings).map(obj);
  return {
    captures: [{
      capture, report_file: file, report_version: version, name: text(c.name), sha256: text(c.sha256), format: text(c.format),
      bytes: int(c.bytes), linktypes: texts(c.linktypes), frames: int(c.frames), start_time: time(c.start), end_time: time(c.end),
      application: text(c.application), device_ips: texts(d.ips), device_macs: texts(d.macs), device_name: text(d.name),
      device_hardware: text(d.hardware), device_os: text(d.os), warnings: arr(r.warnings).length, flow_count: flows.length,
      flows_folded: int(obj(r.flows_folded).count) ?? 0, files: arr(c.files).map((f) => text(obj(f).name)).filter((n): n is string => n !== null),
      finding_count: findings.length,
    }],
    apps: apps.filter((a) => int(a.id) !== null).map((a) => ({
      capture, id: int(a.id), package: text(a.package), name: text(a.name), uid: int(a.uid), pid: int(a.pid),
      source: text(a.source), package_from: text(a.package_from), version: text(a.version),
    })),
    flows: flows.map((f, i) => {
      const client = obj(f.client);
      const server = obj(f.server);
      // Version 1 held the protocol in `app`; version 2 an index into apps.
      const app = version === 1 ? null : int(f.app);
      return {
        capture, id: int(f.id) ?? i, app, app_package: text(appOf(app)?.package), transport: text(f.transport),
        protocol: text(f.protocol) ?? (version === 1 ? text(f.app) : null), client_ip: text(client.ip), client_port: int(client.port),
        server_ip: text(server.ip), server_port: int(server.port), host: text(f.host), ...placeCells(f),
        address_kind: text(f.address_kind), ...trackerCells(f.tracker), encrypted: bool(f.encrypted), decrypted: bool(f.decrypted),
        packets: int(f.packets), bytes: int(f.bytes), upload_bytes: int(f.upload_bytes), download_bytes: int(f.download_bytes),
        first_frame: int(f.first_frame), last_frame: int(f.last_frame), start_time: time(f.start), end_time: time(f.end),
      };
    }),
    hosts: arr(r.hosts).map(obj).map((h) => ({
      capture, name: text(h.name), ...placeCells(h), ip: text(h.ip), address_kind: text(h.address_kind), ...trackerCells(h.tracker),
      flows: int(h.flows), bytes: int(h.bytes), findings: int(h.findings),
    })),
    findings: findings.map((f, i) => {
      const app = appOf(f.app);
      return {
        capture, id: i, type: text(f.type), value: text(f.value), encoding: text(f.encoding), source: text(f.source),
        confidence: text(f.confidence), protocol: text(f.protocol), direction: text(f.direction), scope: text(f.scope),
        encrypted_on_wire: bool(f.encrypted_on_wire), host: text(f.host), ...placeCells(f), ...trackerCells(f.tracker),
        app: app ? int(f.app) : null, app_package: text(app?.package), app_name: text(app?.name), flow: int(f.flow),
        frame: int(f.frame), frames: ints(f.frames), context: text(f.context),
      };
    }),
  };
}

/**
 * Why the rows cannot go in as they are, or null: apps and flows are keyed by their report's
 * ids, and a report (hand-made or damaged) that repeats one would abort the whole load.
 */
export function duplicateKey(rows: ReportRows): string | null {
  for (const table of ['apps', 'flows'] as const) {
    const seen = new Set<Cell>();
    for (const r of rows[table]) {
      if (seen.has(r.id)) return `${table.slice(0, -1)} id ${String(r.id)} given twice`;
      seen.add(r.id);
    }
  }
  return null;
}
