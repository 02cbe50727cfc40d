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
 */
import type { Flow } from '../flow/types';
import type { ReportFlow } from '../report/types';
import type { AppActivity } from './activity';

/** Seconds the phone's clock may differ from the capture's (both NTP-synced in practice). */
export const JOIN_TOLERANCE_S = 2;

/** Sets `app` on the flows the report attributes; returns how many. */
export function joinAppReport(activity: AppActivity, flows: ReportFlow[], times: readonly Flow[]): number {
  let joined = 0;
  for (const flow of flows) {
    if (flow.app !== null || flow.host === null || flow.protocol === 'dns') continue;
    const t = (times[flow.id]?.firstTime ?? NaN) * 1000;
    if (Number.isNaN(t)) continue;
    const slack = JOIN_TOLERANCE_S * 1000;
    const apps = new Set<string>();
    for (const r of activity.contacts(flow.host.toLowerCase())) {
      if (t >= r.first - slack && t <= r.last + slack) apps.add(r.bundleID);
    }
    if (apps.size !== 1) continue;
    flow.app = activity.appOf([...apps][0]);
    joined++;
  }
  return joined;
}
