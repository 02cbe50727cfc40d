/**
 * What a tracker label is: a tracker, or an OS infrastructure host (osHosts.ts) that only shares
 * the label's shape. Dependency-free, so the widget and src/present can use it without the lists.
 */
/** What these checks read of a label (trackers.ts TrackerInfo; not imported, so the lists do not import each other). */
type Labelled = { category: string };

/** Category key and display name of the project's OS infrastructure hosts. */
export const OS_INFRASTRUCTURE = 'os-infrastructure';
export const OS_INFRASTRUCTURE_NAME = 'OS infrastructure';

/**
 * True for a tracker label; false for none and for OS infrastructure (connectivity checks, push
 * channels, update and time servers), which anything counting trackers or tracker companies skips.
 */
export function isTracker(t: Labelled | null | undefined): boolean {
  return !!t && t.category !== OS_INFRASTRUCTURE;
}

/** True for a label from the OS infrastructure list. */
export function isOsInfrastructure(t: Labelled | null | undefined): boolean {
  return !!t && t.category === OS_INFRASTRUCTURE;
}
