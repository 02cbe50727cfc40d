/**
 * One App Privacy Report line -> a record. Field variants read, as in the public exports and
 * plaso's parser: `timeStamp` (iOS 15.2+) or `timestamp` (15.0 betas); access records typed
 * `type: "access"` or, in the betas, by `stream` "com.apple.privacy.accounting.stream.tcc"
 * with a `tccService` ("kTCCServiceAddressBook") instead of a `category`.
 */
import type { AppReportRecord } from './records';

/** What a line is: a record, a JSON value that is no record we read (skipped), or not JSON. */
export type LineResult = { record: AppReportRecord } | { skipped: string } | { error: string };

/** TCC service names of the betas -> the categories of later exports. */
const TCC: Record<string, string> = {
  AddressBook: 'contacts', Calendar: 'calendar', Reminders: 'reminders', Photos: 'photos',
  Camera: 'camera', Microphone: 'microphone', MediaLibrary: 'mediaLibrary', Location: 'location',
};

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
/** ISO 8601 with an offset -> ms; NaN for anything else (Date.parse reads more than ISO, so check the shape). */
function time(v: unknown): number {
  if (typeof v !== 'string' || !/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:?\d\d)$/.test(v)) return NaN;
  return Date.parse(v);
}

export function parseLine(text: string, line: number): LineResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { error: 'not a JSON object' };
  const r = value as Record<string, unknown>;
  const type = str(r.type);
  const stamp = r.timeStamp ?? r.timestamp;
  if (type === 'networkActivity') {
    const bundleID = str(r.bundleID);
    const domain = str(r.domain);
    if (!bundleID || !domain) return { skipped: 'networkActivity without bundleID or domain' };
    const last = time(stamp);
    const first = time(r.firstTimeStamp);
    return {
      record: {
        type, line, bundleID, domain: domain.toLowerCase(),
        first: Number.isNaN(first) ? last : first, last, hits: Math.max(0, Math.trunc(num(r.hits) ?? 0)),
        domainOwner: str(r.domainOwner), domainType: Number.isInteger(r.domainType) ? (r.domainType as number) : null, initiatedType: str(r.initiatedType), context: str(r.context),
      },
    };
  }
  const tcc = typeof r.stream === 'string' && r.stream.endsWith('.stream.tcc');
  if (type === 'access' || tcc) {
    const accessor = r.accessor as Record<string, unknown> | null | undefined;
    const bundleID = typeof accessor === 'object' && accessor ? str(accessor.identifier) : null;
    const service = str(r.tccService)?.replace(/^kTCCService/, '');
    const category = str(r.category) ?? (service ? (TCC[service] ?? service) : null);
    if (!bundleID || !category) return { skipped: 'access without accessor or category' };
    return { record: { type: 'access', line, bundleID, category, kind: str(r.kind) ?? 'event', time: time(stamp), identifier: str(r.identifier) } };
  }
  return { skipped: `record type ${JSON.stringify(type ?? r.stream ?? null).slice(0, 60)}` };
}
