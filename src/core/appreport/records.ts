/**
 * Apple's App Privacy Report ("Record App Activity", iOS 15.2+): one JSON object per line.
 * These are its records as the reader normalises them; the field names Apple uses are in
 * parse.ts. No imports: capture/types.ts names these types in the CaptureSink.
 */

/** A `networkActivity` record: an app (or a web page in it) contacted a domain. */
export interface NetworkActivityRecord {
  type: 'networkActivity';
  /** 1-based line of the file. */
  line: number;
  bundleID: string;
  domain: string;
  /** First and last contact in the report's window, ms since the epoch (NaN when absent). */
  first: number;
  last: number;
  hits: number;
  /** Who owns the domain as Apple says ("Google LLC"), null when empty. */
  domainOwner: string | null;
  /** Apple's domainType: 1 and 2 are seen; Apple does not document the values. */
  domainType: number | null;
  /** 'AppInitiated' | 'NonAppInitiated' (website content in the app). */
  initiatedType: string | null;
  /** The website whose content made the contact (NonAppInitiated), null when empty. */
  context: string | null;
}

/** An `access` record: an app used a protected resource (location, contacts, camera…). */
export interface AccessRecord {
  type: 'access';
  line: number;
  bundleID: string;
  category: string;
  /** 'intervalBegin' | 'intervalEnd' | 'event' (iOS 15 betas' TCC stream). */
  kind: string;
  /** ms since the epoch, NaN when absent. */
  time: number;
  /** Apple's UUID pairing an interval's begin and end, null when absent. */
  identifier: string | null;
}

export type AppReportRecord = NetworkActivityRecord | AccessRecord;
