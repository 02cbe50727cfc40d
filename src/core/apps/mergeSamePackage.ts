/**
 * One app, one entry. A PKTAP process that learned its bundle ID (from an App Privacy Report
 * joined to the capture, or from its own requests) is the same app as the App Privacy Report's
 * entry for that bundle ID: the report lists it once, as the capture names it (its pid and
 * process name), and everything that pointed at the other entry points at it.
 *
 * Done at report building, on the report's copy of the apps: ids are renumbered densely in
 * order of first mention, so `remap[oldId]` gives the new id of every old one.
 */
import type { ReportApp } from '../report/types';

export interface MergedApps {
  apps: ReportApp[];
  /** Old id -> new id. */
  remap: number[];
}

/**
 * Folds an entry that only an App Privacy Report gives (`fromFile(source)` false) into the first
 * entry the capture file gives with the same package. Two entries of the capture file stay two
 * even with one package: Android gives a work profile's copy of an app another UID.
 */
export function mergeSamePackage(apps: readonly ReportApp[], fromFile: (source: string) => boolean): MergedApps {
  const keeper = new Map<string, ReportApp>();
  for (const a of apps) if (a.package !== null && fromFile(a.source) && !keeper.has(a.package)) keeper.set(a.package, a);
  const out: ReportApp[] = [];
  const remap: number[] = new Array(apps.length);
  const newId = new Map<ReportApp, number>();
  for (const a of apps) {
    const keep = a.package !== null && !fromFile(a.source) ? (keeper.get(a.package) ?? a) : a;
    let id = newId.get(keep);
    if (id === undefined) {
      id = out.length;
      newId.set(keep, id);
      out.push({ ...keep, id });
    }
    remap[a.id] = id;
    out[id].name ??= a.name;
  }
  return { apps: out, remap };
}
