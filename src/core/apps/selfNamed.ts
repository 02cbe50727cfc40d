/**
 * An app the capture names without its package (PKTAP gives a process id and a 16-byte process
 * name: "AdDemo", not "com.adsdk.demo") often names its package itself: analytics and ad SDKs
 * send the host app's bundle ID in their query strings (`pkg=`, `bundle=`, `app_bundle=`,
 * `package_name=`, AdMob's `msid=`), and Android's WebView sends it in `X-Requested-With`. The app learns that package when
 * - the value is shaped like a package or bundle ID (two or more dot-separated labels, letters
 *   first: `com.example.weather`), and
 * - every such value in the app's requests is the same one: an app that mentions two packages
 *   (a store listing, a cross-promotion) learns nothing, and
 * - no other app of the capture already has that package.
 * Where it came from is said in `package_from`: the requests, never the capture file.
 */
import type { HttpMessage } from '../protocols/http1/records';
import type { ReportApp, ReportFlow } from '../report/types';

/** Query and form keys under which SDKs send the host app's package (lower case). */
const PACKAGE_KEYS = new Set(['pkg', 'package', 'package_name', 'packagename', 'bundle', 'bundle_id', 'bundleid', 'app_bundle', 'appbundle', 'app_package', 'msid']);
/** Headers that carry the calling app's package (Android WebView). */
const PACKAGE_HEADERS = new Set(['x-requested-with']);
/** `com.example.weather`; labels of letters, digits, `_` and `-`, the first starting with a letter. */
const PACKAGE_SHAPE = /^[A-Za-z][A-Za-z0-9_-]*(\.[A-Za-z0-9_-]+)+$/;
/** XMLHttpRequest's own X-Requested-With value is not a package. */
const NOT_PACKAGES = new Set(['xmlhttprequest']);

/** Fills `package` (and `package_from`) of apps without one from what their own requests say. */
export function learnPackagesFromRequests(apps: ReportApp[], flows: readonly ReportFlow[], messages: readonly HttpMessage[]): void {
  const wanting = new Set(apps.filter((a) => a.package === null).map((a) => a.id));
  if (!wanting.size) return;
  const flowApp = new Map<number, number>();
  for (const f of flows) if (f.app !== null && wanting.has(f.app)) flowApp.set(f.id, f.app);
  const named = new Map<number, Set<string>>();
  for (const m of messages) {
    if (m.kind !== 'request') continue;
    const app = flowApp.get(m.flow);
    if (app === undefined) continue;
    for (const value of packagesIn(m)) {
      const set = named.get(app) ?? new Set<string>();
      set.add(value);
      named.set(app, set);
    }
  }
  const taken = new Set(apps.map((a) => a.package).filter((p): p is string => p !== null));
  for (const [id, values] of named) {
    if (values.size !== 1) continue;
    const value = [...values][0];
    if (taken.has(value)) continue;
    apps[id].package = value;
    apps[id].package_from = 'requests';
    taken.add(value);
  }
}

/** The package-shaped values a request carries under the keys and headers above. */
export function packagesIn(m: HttpMessage): string[] {
  const out: string[] = [];
  const add = (v: string): void => {
    const value = v.trim();
    if (PACKAGE_SHAPE.test(value) && !NOT_PACKAGES.has(value.toLowerCase())) out.push(value);
  };
  for (const [k, v] of m.headers) if (PACKAGE_HEADERS.has(k.toLowerCase())) add(v);
  const q = m.uri?.indexOf('?') ?? -1;
  if (m.uri && q >= 0) for (const [k, v] of queryPairs(m.uri.slice(q + 1))) if (PACKAGE_KEYS.has(k.toLowerCase())) add(v);
  return out;
}

/** A query string's key/value pairs, %-decoded; a pair whose escapes do not decode is left out. */
export function queryPairs(query: string): [string, string][] {
  const out: [string, string][] = [];
  for (const part of query.split(/[&;]/)) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    try {
      out.push([decodeURIComponent(part.slice(0, eq)), decodeURIComponent(part.slice(eq + 1).replace(/\+/g, ' '))]);
    } catch {
      // A malformed %-escape: the pair is not readable, the others are.
    }
  }
  return out;
}
