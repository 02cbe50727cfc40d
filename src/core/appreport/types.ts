/** The report's `app_activity` section (report version 2, from an App Privacy Report). */

/** One app of the App Privacy Report: what it contacted and what it accessed. */
export interface ReportAppActivity {
  /** Index into the report's `apps`. */
  app: number;
  /** The bundle ID. */
  package: string;
  domains: ReportAppDomain[];
  access: ReportAppAccess[];
}

/** One networkActivity record. Times are UTC ISO 8601, null when the file has none. */
export interface ReportAppDomain {
  domain: string;
  hits: number;
  first: string | null;
  last: string | null;
  domain_owner: string | null;
  domain_type: number | null;
  /** 'AppInitiated' | 'NonAppInitiated' (website content shown in the app). */
  initiated: string | null;
  /** The website whose content contacted the domain (NonAppInitiated). */
  context: string | null;
}

/** A use of a protected resource: an interval (start and end) or an event (start = end). */
export interface ReportAppAccess {
  category: string;
  start: string | null;
  end: string | null;
}
