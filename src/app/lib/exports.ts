/**
 * Exports: the JSON report, findings as CSV, a self-contained redacted HTML report; the JSON and
 * CSV also "for sharing", masked like the HTML by the one redaction module (src/present/redaction.ts).
 */
import type { Finding, Report } from '../../core/report/types';
import { countryCell, verdictOf } from '../../present/verdict';
import { formatBytes, formatTime } from '../../present/format';
import { hostsOf } from '../../present/hosts';
import { encodingLabel, typeInfo } from '../../present/identifiers';
import { appAt, appShort } from '../../present/apps';
import { matchSpans } from './highlight';
import { maskValue } from './mask';
import { flowById } from '../../present/flowById';
import { redactDeep, redactorFor, type RedactionProfile, type Redactor } from '../../present/redaction';

/** The redactor for a report: its findings' values in every spelling, and the profile's. */
export function reportRedactor(report: Report, profile?: RedactionProfile | null): Redactor {
  return redactorFor([...report.findings, ...(report.other_findings ?? [])], profile);
}

/** The report exactly as the engine made it. */
export function reportJson(report: Report): string {
  return JSON.stringify(report, null, 2);
}

/** The report for sharing: the same structure, every string masked where an identifier appears in it. */
export function sharedReportJson(report: Report, profile?: RedactionProfile | null): string {
  return JSON.stringify(redactDeep(report, reportRedactor(report, profile)), null, 2);
}

const CSV_COLUMNS = [
  'type', 'value', 'encoding', 'source', 'confidence', 'protocol', 'direction', 'encrypted_on_wire',
  'host', 'server_ip', 'country', 'flow', 'frame', 'frames', 'context',
  // Report version 2; last so that the version-1 columns keep their places.
  'app', 'app_package',
] as const;

/**
 * Leading characters that make a spreadsheet read a cell as a formula (OWASP's CSV injection
 * rule: = + - @ tab CR; NUL as ASVS 1.2.10 adds).
 */
const FORMULA_LEAD = /^[=+\-@\t\r\0]/;

/**
 * One CSV cell: always quoted, quotes doubled (RFC 4180), and a cell that a spreadsheet would
 * take for a formula prefixed with `'` so it opens as text. Numbers too: `+8618611428769`
 * becomes `'+8618611428769` (a capture's values are the attacker's, and `-1+1+cmd|…` starts
 * with a minus and a digit like any negative number).
 */
export function csvCell(v: unknown): string {
  const s = v == null ? '' : String(v);
  const safe = FORMULA_LEAD.test(s) ? `'${s}` : s;
  return `"${safe.replace(/"/g, '""')}"`;
}

/**
 * Findings as RFC 4180 CSV with a header row. With `redact` (for sharing): values shown by their
 * shape (86•••39) and every other cell masked wherever an identifier appears in it.
 */
export function findingsCsv(report: Report, findings: Finding[] = report.findings, redact?: Redactor): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const f of findings) {
    const row: Record<(typeof CSV_COLUMNS)[number], unknown> = {
      type: f.type, value: f.value, encoding: f.encoding, source: f.source, confidence: f.confidence ?? '',
      protocol: f.protocol, direction: f.direction, encrypted_on_wire: f.encrypted_on_wire, host: f.host ?? '',
      server_ip: flowById(report, f.flow)?.server.ip ?? '', country: f.country ?? '', flow: f.flow, frame: f.frame,
      frames: (f.frames ?? [f.frame]).join(' '), context: f.context,
      app: appShort(appAt(report, f.app)), app_package: appAt(report, f.app)?.package ?? '',
    };
    if (redact) {
      for (const c of CSV_COLUMNS) {
        const v = row[c];
        if (typeof v === 'string') row[c] = c === 'value' ? maskValue(v) : redact.mask(v, c === 'context');
      }
    }
    lines.push(CSV_COLUMNS.map((c) => csvCell(row[c])).join(','));
  }
  return lines.join('\r\n') + '\r\n';
}

function escHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/**
 * The context with the identifier marked, masked by `redact` (null: unmasked). The mask keeps
 * the text's length, so the marks computed on the original line up with the masked text.
 */
function contextHtml(f: Finding, redact: Redactor | null): string {
  const text = redact ? redact.mask(f.context, true) : f.context;
  let out = '';
  let at = 0;
  for (const s of matchSpans(f)) {
    out += escHtml(text.slice(at, s.start));
    out += `<mark>${escHtml(text.slice(s.start, s.end))}</mark>`;
    at = s.end;
  }
  return out + escHtml(text.slice(at));
}

/**
 * A report for an advisory: one HTML file, no scripts, no external resources. Identifiers are
 * masked unless `unmasked` (in values and in every context excerpt).
 */
export function redactedHtml(
  report: Report,
  opts: { unmasked?: boolean; title?: string; generated?: Date; profile?: RedactionProfile | null } = {},
): string {
  const unmasked = opts.unmasked ?? false;
  const redact = unmasked ? null : reportRedactor(report, opts.profile);
  // Every text from the capture goes through this: a host name or a file name can carry an identifier too.
  const esc = (s: string) => escHtml(redact ? redact.mask(s) : s);
  const verdict = verdictOf(report);
  const c = report.capture;
  const title = opts.title ?? `Leakscope report: ${c.name}`;
  const generated = (opts.generated ?? new Date()).toISOString();
  const withApps = (report.apps?.length ?? 0) > 0;
  const appTd = (f: Finding) => (withApps ? `<td>${esc(appShort(appAt(report, f.app)))}</td>` : '');
  const rows = report.findings
    .map((f) => `<tr>${appTd(f)}<td>${esc(typeInfo(f.type).label)}</td><td class="v">${esc(unmasked ? f.value : maskValue(f.value))}</td><td>${esc(encodingLabel(f.encoding))}</td><td>${esc(f.host ?? flowById(report, f.flow)?.server.ip ?? '')}</td><td>${esc(countryCell(f.country))}</td><td>${f.encrypted_on_wire ? 'decrypted' : 'clear text'}</td><td>${esc(f.direction)}</td><td>${esc(f.protocol)}</td><td>${(f.frames ?? [f.frame]).join(', ')}</td><td class="ctx">${contextHtml(f, redact)}</td></tr>`)
    .join('\n');
  const hosts = hostsOf(report)
    .map((h) => `<tr><td>${esc(h.name ?? '—')}</td><td>${esc(h.addresses.join(', '))}</td><td>${esc(countryCell(h.country))}</td><td>${h.flows}</td><td>${esc(formatBytes(h.clearBytes))}</td><td>${esc(formatBytes(h.encryptedBytes))}</td><td>${h.findings}</td></tr>`)
    .join('\n');
  const lines = verdict.lines.map((l) => `<li>${esc(l.text)} <small>(${l.protocols.map(esc).join(', ')}; frames ${l.frames.slice(0, 12).join(', ')}${l.frames.length > 12 ? '…' : ''})</small></li>`).join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="color-scheme" content="light dark">
<title>${esc(title)}</title>
<style>
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;max-width:72rem;margin:0 auto;padding:1rem;color:#1c1917;background:#fff}
h1{font-size:1.4rem}h2{font-size:1.1rem;margin-top:2rem}
table{border-collapse:collapse;width:100%;font-size:.85rem;display:block;overflow-x:auto}
th,td{border-bottom:1px solid #d6d3d1;padding:.3rem .5rem;text-align:left;vertical-align:top}
.v,.ctx{font-family:ui-monospace,Menlo,Consolas,monospace;word-break:break-all}
mark{background:#fde68a;color:inherit}
.verdict li{margin:.4rem 0}.note{color:#57534e;font-size:.85rem}
@media (prefers-color-scheme:dark){body{background:#1c1917;color:#f5f5f4}th,td{border-color:#44403c}mark{background:#92400e}.note{color:#a8a29e}}
</style>
</head>
<body>
<h1>${esc(title)}</h1>
<p class="note">Generated by Leakscope on ${esc(generated)}. ${unmasked ? '<strong>Identifiers are shown unmasked.</strong>' : 'Identifiers are masked (•).'}</p>
<h2>Verdict</h2>
<ul class="verdict">
${lines || `<li>${esc(verdict.headline)}</li>`}
</ul>
${verdict.encrypted.text ? `<p>${esc(verdict.encrypted.text)}</p>` : ''}
<h2>Capture</h2>
<table><tbody>
<tr><th>File</th><td>${esc(c.name)}</td></tr>
<tr><th>Size</th><td>${esc(formatBytes(c.bytes))}</td></tr>
<tr><th>SHA-256</th><td class="v">${esc(c.sha256)}</td></tr>
<tr><th>Format</th><td>${esc(c.format)} (${esc(c.linktypes.join(', '))})</td></tr>
<tr><th>Frames</th><td>${c.frames}</td></tr>
<tr><th>Time span</th><td>${esc(formatTime(c.start))} – ${esc(formatTime(c.end))}</td></tr>
</tbody></table>
<h2>Findings (${report.findings.length})</h2>
<table><thead><tr>${withApps ? '<th>App</th>' : ''}<th>Type</th><th>Value</th><th>Encoding</th><th>Host</th><th>Country</th><th>On the wire</th><th>Direction</th><th>Protocol</th><th>Frames</th><th>Context</th></tr></thead>
<tbody>
${rows}
</tbody></table>
<h2>Hosts</h2>
<table><thead><tr><th>Name</th><th>Addresses</th><th>Country</th><th>Flows</th><th>Clear bytes</th><th>Encrypted bytes</th><th>Findings</th></tr></thead>
<tbody>
${hosts}
</tbody></table>
</body>
</html>
`;
}

/** Starts a download of `text` as `filename`. */
export function download(filename: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** "capture.pcapng" -> "capture" for export names. */
export function baseName(name: string): string {
  return name.replace(/\.(pcap|pcapng|cap|gz|json)$/gi, '').replace(/[^\w.\-]+/g, '_') || 'capture';
}
