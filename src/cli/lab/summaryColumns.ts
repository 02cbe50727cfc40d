/** The columns of each summary CSV, in order; the HTML tables show the same. */
export const CSV_COLUMNS = {
  'per_app.csv': ['app', 'app_names', 'captures', 'captures_sending', 'findings', 'identifier_kinds', 'distinct_values', 'clear', 'encrypted', 'hosts', 'countries', 'trackers'],
  'per_host.csv': ['host', 'tracker_company', 'tracker_name', 'tracker_category', 'captures', 'apps', 'findings', 'identifier_kinds', 'clear', 'encrypted', 'countries'],
  'app_versions.csv': ['app', 'step', 'version', 'name', 'captures', 'first_start', 'kinds_x_hosts'],
  'version_changes.csv': ['app', 'from', 'to', 'change', 'type', 'host'],
} as const;
