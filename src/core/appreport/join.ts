/**
 * An App Privacy Report joined with a capture: a flow the capture gives no app gets the one app
 * that contacted its host name around the flow's start.
 *
 * The rule, per flow (after host names are known, so in the report builder):
 * - only flows without an app: what the capture itself says (PCAPdroid, PKTAP) is never replaced;
 * - not DNS flows: the system resolver asks on every app's behalf, and Apple counts the app's
 *   contacts with the domain, not its name lookups;
 * - the flow's host (SNI, Host, DNS answer) equals a record's domain exactly, as Apple records
 *   the full host name;
 * - the record's window [firstTimeStamp - T, timeStamp + T] holds the flow's start, T =
 *   JOIN_TOLERANCE_S for the phone's clock against the capturing machine's;
 * - exactly one app passes. Two apps whose windows both hold the flow stay ambiguous: time
 *   separates apps only when their windows do not overlap. In the corpus's reports the two apps
 *   that contacted stat.adtrackr.com did so 326 ms apart (last contacts 09:30:01.423 and .749),
 *   inside the tolerance, so those flows keep no app rather than a guess.
 *
 * A capture app the file names without a bundle ID (PKTAP gives a process name, "AdDemo") learns
 * it the same way: when every one of its flows that the report attributes names one and the same
 * app, that app's bundle ID is its package. The report's own entry for it stays (it carries the
 * report's activity).
 */
import type { Flow } from '../flow/types';
import type { ReportApp, ReportFlow } from '../report/types';
import type { AppActivity } from './activity';

/** Seconds the phone's clock may differ from the capture's (both NTP-synced in practice). */
export const JOIN_TOLERANCE_S = 2;

/** Sets `app` on the flows the report attributes; returns how many. `apps`: the report's apps (packages filled in). */
export function joinAppReport(activity: AppActivity, flows: ReportFlow[], times: readonly Flow[], apps: readonly ReportApp[] = []): number {
  let joined = 0;
  // By id: once the ledger folds flows, ids are not positions.
  const timeOf = new Map(times.map((f) => [f.id, f.firstTime]));
  /** Per capture app without a package: the bundle IDs its attributable flows name. */
  const learned = new Map<number, Set<string>>();
  for (const flow of flows) {
    if (flow.host === null || flow.protocol === 'dns') continue;
    const own = flow.app !== null ? apps[flow.app] : undefined;
    if (own && own.package !== null) continue;
    const bundle = bundleOf(activity, flow, timeOf.get(flow.id) ?? NaN);
    if (bundle === null) continue;
    if (own) {
      const set = learned.get(own.id) ?? new Set<string>();
      set.add(bundle);
      learned.set(own.id, set);
    } else if (flow.app === null) {
      flow.app = activity.appOf(bundle);
      joined++;
    }
  }
  for (const [id, bundles] of learned) if (bundles.size === 1) {
    apps[id].package = [...bundles][0];
    apps[id].package_from = 'app-privacy-report';
  }
  return joined;
}

/** The one app the report says contacted the flow's host around its start, else null. */
function bundleOf(activity: AppActivity, flow: ReportFlow, firstTime: number): string | null {
  const t = firstTime * 1000;
  if (Number.isNaN(t) || flow.host === null) return null;
  const slack = JOIN_TOLERANCE_S * 1000;
  const found = new Set<string>();
  for (const r of activity.contacts(flow.host.toLowerCase())) {
    if (t >= r.first - slack && t <= r.last + slack) found.add(r.bundleID);
  }
  return found.size === 1 ? [...found][0] : null;
}
