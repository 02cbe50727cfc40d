/**
 * The lab database's tables (`leakscope db build`): one row per report, app, flow, host and
 * finding of every report in a results folder, so a whole lab can be queried at once.
 *
 *   schema_version  version INTEGER (SCHEMA_VERSION), built_at TIMESTAMPTZ, reports INTEGER
 *   captures  capture (the key every other table carries), report_file, report_version, name,
 *             sha256, format, bytes, linktypes[], frames, start_time, end_time,
 *             application (the recording tool as the file names itself, e.g. PCAPdroid's
 *             section header "PCAPdroid v1.9.1" or a HAR's creator — not the app under test),
 *             device_ips[], device_macs[], device_name, device_hardware, device_os,
 *             warnings (count), flow_count (flows listed: the rows in `flows`), flows_folded
 *             (flows the report only added up, flows_folded.count; 0 when all are listed),
 *             files[] (the file names of a session read from several files; empty for one),
 *             finding_count
 *   apps      capture, id (the report's apps index), package, name, uid, pid, source,
 *             package_from, version (the app's own version when the report's app carries one;
 *             from the app's own requests, apps/selfVersioned.ts; else null and `db summary` says "version unknown")
 *   flows     capture, id, app (apps.id), app_package, transport, protocol, client_ip/_port,
 *             server_ip/_port, host, domain, country, asn, org, address_kind, tracker_name,
 *             tracker_category, tracker_company, encrypted, decrypted, packets, bytes,
 *             upload_bytes, download_bytes, first_frame, last_frame, start_time, end_time
 *   hosts     capture, name, domain, ip, address_kind, country, asn, org, tracker_name,
 *             tracker_category, tracker_company, flows, bytes, findings
 *   findings  capture, id (index in the report's findings), type, value, encoding, source,
 *             confidence, protocol, direction, scope, encrypted_on_wire, host, domain, country,
 *             asn, org, tracker_name, tracker_category, tracker_company, app (apps.id),
 *             app_package, app_name, flow, frame, frames[], context
 *
 * Columns are typed (INTEGER/BIGINT/BOOLEAN/TIMESTAMPTZ/lists): a query compares times and sums
 * bytes without casts. A report field that is missing (version-1 reports, older builds) is NULL.
 */

/** Bumped whenever a table or column changes meaning; stored in schema_version. */
export const SCHEMA_VERSION = 1;

export type ColumnKind = 'int' | 'bigint' | 'text' | 'bool' | 'ts' | 'texts' | 'ints';

export interface TableDef {
  name: string;
  columns: readonly (readonly [string, ColumnKind])[];
  /** Columns of the primary key. */
  key: readonly string[];
}

const SQL_TYPE: Record<ColumnKind, string> = {
  int: 'INTEGER', bigint: 'BIGINT', text: 'VARCHAR', bool: 'BOOLEAN', ts: 'TIMESTAMPTZ', texts: 'VARCHAR[]', ints: 'INTEGER[]',
};

const tracker = [['tracker_name', 'text'], ['tracker_category', 'text'], ['tracker_company', 'text']] as const;
const place = [['domain', 'text'], ['country', 'text'], ['asn', 'bigint'], ['org', 'text']] as const;

export const CAPTURES: TableDef = {
  name: 'captures',
  key: ['capture'],
  columns: [
    ['capture', 'int'], ['report_file', 'text'], ['report_version', 'int'], ['name', 'text'], ['sha256', 'text'],
    ['format', 'text'], ['bytes', 'bigint'], ['linktypes', 'texts'], ['frames', 'bigint'], ['start_time', 'ts'],
    ['end_time', 'ts'], ['application', 'text'], ['device_ips', 'texts'], ['device_macs', 'texts'],
    ['device_name', 'text'], ['device_hardware', 'text'], ['device_os', 'text'], ['warnings', 'int'],
    ['flow_count', 'int'], ['flows_folded', 'int'], ['files', 'texts'], ['finding_count', 'int'],
  ],
};

export const APPS: TableDef = {
  name: 'apps',
  key: ['capture', 'id'],
  columns: [
    ['capture', 'int'], ['id', 'int'], ['package', 'text'], ['name', 'text'], ['uid', 'bigint'], ['pid', 'bigint'],
    ['source', 'text'], ['package_from', 'text'], ['version', 'text'],
  ],
};

export const FLOWS: TableDef = {
  name: 'flows',
  key: ['capture', 'id'],
  columns: [
    ['capture', 'int'], ['id', 'int'], ['app', 'int'], ['app_package', 'text'], ['transport', 'text'], ['protocol', 'text'],
    ['client_ip', 'text'], ['client_port', 'int'], ['server_ip', 'text'], ['server_port', 'int'], ['host', 'text'],
    ...place, ['address_kind', 'text'], ...tracker, ['encrypted', 'bool'], ['decrypted', 'bool'], ['packets', 'bigint'],
    ['bytes', 'bigint'], ['upload_bytes', 'bigint'], ['download_bytes', 'bigint'], ['first_frame', 'bigint'],
    ['last_frame', 'bigint'], ['start_time', 'ts'], ['end_time', 'ts'],
  ],
};

export const HOSTS: TableDef = {
  name: 'hosts',
  key: [],
  columns: [
    ['capture', 'int'], ['name', 'text'], ['domain', 'text'], ['ip', 'text'], ['address_kind', 'text'], ['country', 'text'],
    ['asn', 'bigint'], ['org', 'text'], ...tracker, ['flows', 'int'], ['bytes', 'bigint'], ['findings', 'int'],
  ],
};

export const FINDINGS: TableDef = {
  name: 'findings',
  key: ['capture', 'id'],
  columns: [
    ['capture', 'int'], ['id', 'int'], ['type', 'text'], ['value', 'text'], ['encoding', 'text'], ['source', 'text'],
    ['confidence', 'text'], ['protocol', 'text'], ['direction', 'text'], ['scope', 'text'], ['encrypted_on_wire', 'bool'],
    ['host', 'text'], ...place, ...tracker, ['app', 'int'], ['app_package', 'text'], ['app_name', 'text'], ['flow', 'int'],
    ['frame', 'bigint'], ['frames', 'ints'], ['context', 'text'],
  ],
};

/** In load order; `db export` writes each as <name>.parquet. */
export const TABLES: readonly TableDef[] = [CAPTURES, APPS, FLOWS, HOSTS, FINDINGS];

export function createTableSql(t: TableDef): string {
  const cols = t.columns.map(([c, k]) => `${c} ${SQL_TYPE[k]}`);
  if (t.key.length) cols.push(`PRIMARY KEY (${t.key.join(', ')})`);
  return `CREATE TABLE ${t.name} (${cols.join(', ')})`;
}
