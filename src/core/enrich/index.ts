/** Public surface of the enrichment stage (issue 6): load the tables once, then enrich reports. */
export { type AddressKind, addressKind } from './addressKind';
export { registrableDomain } from './domain';
export { type EnrichedFinding, type EnrichedFlow, type EnrichedReport, type HostSummary, type Whereabouts, enrichReport } from './enrichReport';
export { bestHostNames, reportHostNames } from '../report/hostNames';
export { type AsnInfo, type GeoTableFiles, GeoTables, loadGeoTables } from './tables';
export type { TrackerInfo, TrackerSource } from './trackers';
export { isOsInfrastructure, isTracker, OS_INFRASTRUCTURE } from './trackerKind';
export { OS_HOSTS, type OsHostPurpose, type OsHostRule } from './osHosts';
