/**
 * An app's version, as its own requests say it. No capture format we read records app versions
 * (PCAPdroid and PKTAP name the app, App Privacy Reports the bundle ID, HAR and mitmproxy
 * neither), yet a lab's question is "what changed between versions" — and apps say it:
 * - SDKs send it in the query string (`app_version=5.3.1`, `appVersion=`, `version_name=`);
 *   that is the version people see (Android versionName, iOS CFBundleShortVersionString);
 * - iOS's URL loading system sends `<CFBundleName>/<CFBundleVersion> CFNetwork/… Darwin/…` in
 *   every request an app makes without its own User-Agent, and many Android HTTP stacks are set up
 *   to send `<AppName>/<version> (Linux; Android …)`: a User-Agent product whose name is the
 *   app's name (or its package's last label) carries the app's version or build number.
 * An app learns a version only when every value of its requests of one kind agrees (query keys
 * first, then User-Agent products); where it came from is said in `version_from`.
 */
import type { HttpMessage } from '../protocols/http1/records';
import type { ReportApp, ReportFlow } from '../report/types';
import { queryPairs } from './selfNamed';

/** Query keys under which SDKs send the host app's version (lower case). */
const VERSION_KEYS = new Set(['app_version', 'appversion', 'app_ver', 'appver', 'version_name', 'versionname', 'app_version_name', 'appversionname', 'application_version']);
/** `5.3.1`, `900`, `2.1.0-beta.3`, `12.4 (1234)` is not (the build goes elsewhere). */
const VERSION_SHAPE = /^\d{1,9}(\.\d{1,9}){0,4}([-+][0-9A-Za-z.]{1,20})?$/;
/** A User-Agent product: `name/version`, the name URL-encoded by CFNetwork (`My%20App/3`). */
const PRODUCT = /([^\s/()]+)\/([^\s/()]+)/g;
/**
 * PKTAP and ps give a process name cut to 15 or 16 bytes (MAXCOMLEN), so "LongWeatherApplic"
 * must match "LongWeatherApplication": at that length a name that starts the product's counts.
 */
const CUT_NAME_LENGTH = 15;
/** Last labels of packages that name no app (`com.instagram.android`): `Android/11` is the OS. */
const GENERIC_LABELS = new Set(['android', 'ios', 'iphone', 'app', 'apps', 'mobile', 'client', 'main', 'release', 'prod', 'debug']);

/** Fills `version` (and `version_from`) of apps from what their own requests say. */
export function learnVersionsFromRequests(apps: ReportApp[], flows: readonly ReportFlow[], messages: readonly HttpMessage[]): void {
  const flowApp = new Map<number, ReportApp>();
  for (const f of flows) if (f.app !== null && apps[f.app] && !apps[f.app].version) flowApp.set(f.id, apps[f.app]);
  if (!flowApp.size) return;
  const fromQuery = new Map<ReportApp, Set<string>>();
  const fromAgent = new Map<ReportApp, Set<string>>();
  for (const m of messages) {
    if (m.kind !== 'request') continue;
    const app = flowApp.get(m.flow);
    if (!app) continue;
    for (const v of queryVersions(m)) add(fromQuery, app, v);
    for (const v of agentVersions(m, app)) add(fromAgent, app, v);
  }
  for (const app of new Set(flowApp.values())) {
    const query = fromQuery.get(app);
    const agent = fromAgent.get(app);
    if (query?.size === 1) set(app, [...query][0], 'requests');
    else if (!query && agent?.size === 1) set(app, [...agent][0], 'user-agent');
  }
}

function set(app: ReportApp, version: string, from: 'requests' | 'user-agent'): void {
  app.version = version;
  app.version_from = from;
}

function add(map: Map<ReportApp, Set<string>>, app: ReportApp, value: string): void {
  const s = map.get(app) ?? new Set<string>();
  s.add(value);
  map.set(app, s);
}

/** Version-shaped values under the query keys above. */
export function queryVersions(m: HttpMessage): string[] {
  const q = m.uri?.indexOf('?') ?? -1;
  if (!m.uri || q < 0) return [];
  const out: string[] = [];
  for (const [k, v] of queryPairs(m.uri.slice(q + 1))) if (VERSION_KEYS.has(k.toLowerCase()) && VERSION_SHAPE.test(v.trim())) out.push(v.trim());
  return out;
}

/** Versions of the User-Agent products named after the app. */
export function agentVersions(m: HttpMessage, app: Pick<ReportApp, 'name' | 'package'>): string[] {
  const names = appNames(app);
  if (!names.length) return [];
  const out: string[] = [];
  for (const [k, agent] of m.headers) {
    if (k.toLowerCase() !== 'user-agent') continue;
    for (const [, rawName, version] of agent.matchAll(PRODUCT)) {
      if (!VERSION_SHAPE.test(version)) continue;
      const name = squash(decode(rawName));
      if (names.some((n) => n === name || (n.length >= CUT_NAME_LENGTH && name.startsWith(n)))) out.push(version);
    }
  }
  return out;
}

/** The app's name and its package's last label, compared without case, spaces or punctuation. */
function appNames(app: Pick<ReportApp, 'name' | 'package'>): string[] {
  const out: string[] = [];
  if (app.name) out.push(squash(app.name));
  const last = app.package?.split('.').pop();
  if (last && !GENERIC_LABELS.has(last.toLowerCase())) out.push(squash(last));
  // One or two letters match too much ("a/1"): a name must say something.
  return out.filter((n) => n.length >= 3);
}

function squash(s: string): string {
  return s.toLowerCase().replace(/[\s_.-]+/g, '');
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
