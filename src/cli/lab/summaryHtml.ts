/**
 * The lab summary as one HTML file: inline style, no script, no external resource (it may be
 * mailed or opened offline), every value escaped — hosts, app names and contexts come from
 * captures, that is from whoever made the traffic.
 */
import type { LabSummary, SummaryRow } from './summary';
import { CSV_COLUMNS } from './summaryColumns';

const esc = (v: unknown): string =>
  (v === null || v === undefined ? '' : String(v)).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function table(list: SummaryRow[], columns: readonly string[], empty: string): string {
  if (list.length === 0) return `<p class="empty">${esc(empty)}</p>`;
  const head = columns.map((c) => `<th>${esc(c.replace(/_/g, ' '))}</th>`).join('');
  const body = list.map((r) => `<tr>${columns.map((c) => `<td${typeof r[c] === 'number' ? ' class="n"' : ''}>${esc(r[c])}</td>`).join('')}</tr>`).join('\n');
  return `<table><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

export function summaryHtml(s: LabSummary, generated = new Date()): string {
  const t = s.totals;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>Leakscope lab summary</title>
<style>
body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222}
table{border-collapse:collapse;margin:.5em 0 2em}
th,td{border:1px solid #ccc;padding:.25em .5em;text-align:left;vertical-align:top}
th{background:#f3f3f3}
td.n{text-align:right;font-variant-numeric:tabular-nums}
.empty{color:#666}
</style></head><body>
<h1>Leakscope lab summary</h1>
<p id="totals"><span id="captures">${t.captures}</span> captures, <span id="findings">${t.findings}</span> identifiers sent
(<span id="clear">${t.clear}</span> in clear, <span id="encrypted">${t.encrypted}</span> encrypted on the wire, read with the keys given),
to <span id="hosts">${t.hosts}</span> hosts; <span id="apps">${t.apps}</span> apps named. Generated ${esc(generated.toISOString())}.</p>
<h2>Per app</h2>
${table(s.perApp, CSV_COLUMNS['per_app.csv'], 'No findings and no apps.')}
<h2>Per SDK host</h2>
${table(s.perHost, CSV_COLUMNS['per_host.csv'], 'No findings.')}
<h2>App versions</h2>
<p>Captures grouped by app package and the app version where a report names it (dotted versions in version order, others by
first capture time); where it does not, each capture is its own step ("version unknown"), ordered by capture start time.</p>
${table(s.steps, CSV_COLUMNS['app_versions.csv'], 'No app had traffic in any capture.')}
<h2>Version-to-version changes</h2>
<p>Per consecutive pair: identifier kinds × hosts newly sent (new) or no longer sent (fixed).</p>
${table(s.changes, CSV_COLUMNS['version_changes.csv'], 'No app appears in two or more steps, or nothing changed.')}
</body></html>
`;
}
