/** Small display helpers: sizes, rates, durations, country names. */

const units = ['B', 'kB', 'MB', 'GB', 'TB'];

/** 1536 -> "1.5 kB" (decimal units, as file managers show). */
export function formatBytes(n: number | null | undefined): string {
  if (n == null || !Number.isFinite(n)) return '—';
  let i = 0;
  let v = n;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return `${i === 0 ? v : v.toFixed(v < 10 ? 1 : 0)} ${units[i]}`;
}

/** One formatter for every count: Number#toLocaleString builds one per call (17 ms of the page's first render of a report in chromium). */
const COUNT_FORMAT = new Intl.NumberFormat('en-US');
/** Integer with thousands separators. */
export function formatCount(n: number): string {
  return COUNT_FORMAT.format(n);
}

/** Bytes per second as "12.3 MB/s". */
export function formatRate(bytesPerSecond: number): string {
  return `${formatBytes(bytesPerSecond)}/s`;
}

/** Duration in ms as "2 min 3 s" / "4.2 s" / "120 ms". */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(s < 10 ? 1 : 0)} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${Math.round(s % 60)} s`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h} h ${m % 60} min`;
  return `${Math.round(h / 24)} days`;
}

/** ISO time as a local date and time, seconds precision. */
export function formatTime(iso: string | null): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'medium' });
}

let regionNames: Intl.DisplayNames | null = null;

/** "CN" -> "China" (built into the browser: no lookup leaves the page). */
export function countryName(code: string | null | undefined): string | null {
  if (!code) return null;
  try {
    regionNames ??= new Intl.DisplayNames(['en'], { type: 'region' });
    return regionNames.of(code.toUpperCase()) ?? code;
  } catch {
    return code;
  }
}

/** "api.example.com (China)" or the address when there is no name. */
export function hostLabel(host: string | null, country: string | null, fallback = 'an unnamed host'): string {
  const name = host ?? fallback;
  const c = countryName(country);
  return c ? `${name} (${c})` : name;
}

/** "a", "a and b", "a, b and c". */
export function joinAnd(parts: string[]): string {
  if (parts.length <= 1) return parts.join('');
  return `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

/** Singular or plural noun with its count. */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}
