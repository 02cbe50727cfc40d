/** Turns the analysis state into the plain-JSON report (../shared/spec/report.md). */
import type { DnsRecord, HttpMessage, TlsHello } from '../extract/types';
import type { Flow } from '../flow/types';
import type { Finding, Report, ReportFlow } from './types';
import type { WarningLog } from './warningLog';
import { bestHostNames } from '../enrich/hostNames';

/** Everything the stages collected, in the form the report builder reads. */
export interface AnalysisState {
  name: string;
  format: string | null;
  compressed: boolean;
  linktypes: Set<number>;
  frames: number;
  firstTime: number;
  lastTime: number;
  warnings: WarningLog;
  dns: DnsRecord[];
  http: HttpMessage[];
  tls: TlsHello[];
  apps: Map<number, { app: string; encrypted: boolean }>;
  /** Encrypted flows whose content was read with the person's keys. */
  decrypted: Set<number>;
  secrets: { type: number; data: Uint8Array }[];
  names: { ip: string; names: string[] }[];
  flows: Flow[];
  findings: () => Finding[];
  bytes: number;
  sha256: string;
}

const iso = (t: number): string | null => (Number.isFinite(t) ? new Date(t * 1000).toISOString() : null);

/** Builds the report; safe to call mid-stream for partial results. */
export function buildReport(s: AnalysisState, linktypeName: (lt: number) => string): Report {
  const hosts = bestHostNames(s.flows, s.tls, s.http, s.dns);
  const flows: ReportFlow[] = s.flows.map((f) => {
    const app = s.apps.get(f.id);
    return {
      id: f.id,
      transport: f.transport,
      client: { ip: f.client.ip, port: f.client.port },
      server: { ip: f.server.ip, port: f.server.port },
      app: app?.app ?? null,
      encrypted: app?.encrypted ?? false,
      decrypted: s.decrypted.has(f.id),
      host: hosts.get(f.id) ?? null,
      country: null,
      packets: f.packets,
      bytes: f.bytes,
      first_frame: f.firstFrame,
      last_frame: f.lastFrame,
      start: iso(f.firstTime),
      end: iso(f.lastTime),
      upload_bytes: f.payloadBytes[0],
      download_bytes: f.payloadBytes[1],
    };
  });
  const findings = s.findings().map((f) => {
    const flow = flows[f.flow];
    return { ...f, host: f.host ?? flow?.host ?? null, country: f.country ?? flow?.country ?? null };
  });
  return {
    format: 'capture-report',
    version: 1,
    capture: {
      name: s.name,
      bytes: s.bytes,
      sha256: s.sha256,
      format: s.format ?? 'unknown',
      linktypes: [...s.linktypes].map(linktypeName),
      frames: s.frames,
      start: iso(s.firstTime),
      end: iso(s.lastTime),
    },
    warnings: s.warnings.list(),
    flows,
    dns: s.dns.map((d) => ({ flow: d.flow, frame: d.frame, name: d.name, type: d.type, response: d.response, answers: d.answers.slice() })),
    // Extractors emit a request when its body completes; tshark lists by the header's frame.
    http: sortedByFrame(s.http).map((h: HttpMessage) => ({
      flow: h.flow,
      frame: h.frame,
      method: h.method ?? '',
      host: h.host,
      uri: h.uri ?? '',
      status: h.status ?? null,
      user_agent: header(h, 'user-agent'),
      content_type: header(h, 'content-type'),
      request_body_bytes: h.bodyBytes ?? 0,
      encrypted_on_wire: h.encryptedOnWire ?? false,
    })),
    tls: s.tls.map((t) => ({ flow: t.flow, frame: t.frame, sni: t.sni, ja3: t.ja3, ja3_full: t.ja3Full, alpn: t.alpn.slice(), transport: t.transport })),
    findings,
  };
}

function header(m: HttpMessage, name: string): string | null {
  for (const [k, v] of m.headers) if (k.toLowerCase() === name) return v;
  return null;
}

function sortedByFrame(messages: HttpMessage[]): HttpMessage[] {
  return messages.map((m, i) => [m, i] as const).sort((a, b) => a[0].frame - b[0].frame || a[1] - b[1]).map(([m]) => m);
}
