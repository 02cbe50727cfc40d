/**
 * A report's flow by id. Ids are tshark's stream numbers and equal positions only while every
 * flow is listed; once flows are folded (report.flows_folded, issue 15) the list has gaps.
 * One map per report, cached.
 */
import type { Report, ReportFlow } from '../core/report/types';

const maps = new WeakMap<readonly ReportFlow[], Map<number, ReportFlow>>();

export function flowById(report: Pick<Report, 'flows'>, id: number): ReportFlow | undefined {
  const flows = report.flows;
  // Nothing folded: positions are ids (the common case, no map built).
  const at = flows[id];
  if (at?.id === id) return at;
  let map = maps.get(flows);
  if (!map) maps.set(flows, (map = new Map(flows.map((f) => [f.id, f]))));
  return map.get(id);
}
