/** Adds "where the data went" to a report: country, network owner, tracker and a per-host summary. */
import type { Finding, Report, ReportFlow } from '../report/types';
import { type AddressKind, addressKind } from './addressKind';
import { registrableDomain } from './domain';
import { isAddress, reportHostNames } from '../report/hostNames';
import type { GeoTables } from './tables';
import type { TrackerInfo } from './trackers';

/** What enrichment adds to a flow or a finding. */
export interface Whereabouts {
  /** Registrable domain of the host name. */
  domain: string | null;
  asn: number | null;
  /** Organisation that holds the AS (DB-IP names). */
  org: string | null;
  tracker: TrackerInfo | null;
}

/** A report flow with its server's whereabouts. */
export interface EnrichedFlow extends ReportFlow, Whereabouts {
  address_kind: AddressKind;
}

/** A finding with the whereabouts of the flow that carried it. */
export interface EnrichedFinding extends Finding, Whereabouts {}

/** One peer (address + name) the device talked to, for the "where the data went" view. */
export interface HostSummary extends Whereabouts {
  name: string | null;
  ip: string;
  address_kind: AddressKind;
  country: string | null;
  /** Number of flows, their bytes on the wire, and findings carried by them. */
  flows: number;
  bytes: number;
  findings: number;
}

/** The report with enriched flows and findings plus the hosts summary. */
export interface EnrichedReport extends Report {
  flows: EnrichedFlow[];
  findings: EnrichedFinding[];
  hosts: HostSummary[];
}

/** Returns a copy of the report with country, ASN/org, tracker and domain filled in; input is not changed. */
export function enrichReport(report: Report, tables: GeoTables): EnrichedReport {
  const names = reportHostNames(report);
  const flows = report.flows.map((f): EnrichedFlow => {
    // Keep the engine's name unless it has none or only an address literal.
    const host = f.host && !isAddress(f.host) ? f.host : names.get(f.id) ?? f.host;
    const kind = addressKind(f.server.ip);
    const asn = kind === 'public' ? tables.lookupAsn(f.server.ip) : null;
    return {
      ...f,
      host,
      country: kind === 'public' ? tables.lookupCountry(f.server.ip) : null,
      address_kind: kind,
      domain: registrableDomain(host),
      asn: asn?.asn ?? null,
      org: asn?.org ?? null,
      tracker: tables.trackerFor(host),
    };
  });
  const byId = new Map(flows.map((f) => [f.id, f]));
  const findings = report.findings.map((x): EnrichedFinding => {
    const flow = byId.get(x.flow);
    const host = x.host ?? flow?.host ?? null;
    return {
      ...x,
      host,
      country: flow ? flow.country : x.country,
      domain: registrableDomain(host),
      asn: flow?.asn ?? null,
      org: flow?.org ?? null,
      tracker: host === flow?.host ? flow?.tracker ?? null : tables.trackerFor(host),
    };
  });
  return { ...report, flows, findings, hosts: summarise(flows, findings) };
}

/** One row per (server address, host name), most findings first, then most bytes. */
export function summarise(flows: EnrichedFlow[], findings: Finding[]): HostSummary[] {
  const perFlow = new Map<number, number>();
  for (const x of findings) perFlow.set(x.flow, (perFlow.get(x.flow) ?? 0) + 1);
  const rows = new Map<string, HostSummary>();
  for (const f of flows) {
    const key = `${f.server.ip} ${f.host ?? ''}`;
    let r = rows.get(key);
    if (!r) {
      r = {
        name: f.host,
        domain: f.domain,
        ip: f.server.ip,
        address_kind: f.address_kind,
        country: f.country,
        asn: f.asn,
        org: f.org,
        tracker: f.tracker,
        flows: 0,
        bytes: 0,
        findings: 0,
      };
      rows.set(key, r);
    }
    r.flows++;
    r.bytes += f.bytes;
    r.findings += perFlow.get(f.id) ?? 0;
  }
  return [...rows.values()].sort(
    (a, b) => b.findings - a.findings || b.bytes - a.bytes || (a.name ?? '~').localeCompare(b.name ?? '~') || a.ip.localeCompare(b.ip),
  );
}
