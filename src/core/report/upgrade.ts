/**
 * Reports of an earlier format version, read back (stored sessions, published JSON), in the
 * current shape. Version 1 held the detected protocol in flows[].app; version 2 keeps it in
 * flows[].protocol and makes `app` an index into `apps` (none known for old reports).
 */
import type { Report } from './types';

/** The report in version-2 shape (the object itself when it already is). */
export function upgradeReport<R extends Report>(report: R): R {
  const flows = report.flows as unknown as Record<string, unknown>[] | undefined;
  if (!Array.isArray(flows) || !flows.some((f) => typeof f?.app === 'string' || !('protocol' in (f ?? {})))) return report;
  return {
    ...report,
    apps: report.apps ?? [],
    flows: flows.map((f) => (typeof f?.app === 'string' || !('protocol' in (f ?? {})) ? { ...f, protocol: typeof f.app === 'string' ? f.app : null, app: null } : f)),
  };
}
