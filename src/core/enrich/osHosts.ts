/**
 * Operating-system infrastructure hosts: connectivity (captive portal) checks, push channels,
 * update servers and time servers. Project-owned, kept by hand; the tracker lookup
 * (trackers.ts) consults it beside Ghostery TrackerDB and the most specific rule wins.
 *
 * Why: TrackerDB labels hosts by whole organisation domain (apple.com -> "iTunes Link Maker",
 * advertising; google.com -> "Google", advertising), written for a browser extension that sees a
 * site's third-party requests. A phone talks to these hosts by itself, whatever the user does,
 * to find out whether the network is open, to keep its push channel up, to look for updates and
 * to set its clock. Calling them trackers made every capture look like advertising traffic. They
 * are labelled category `os-infrastructure` (organisation kept) and `isTracker` (trackerKind.ts) says
 * no.
 *
 * What belongs here: a host whose only documented purpose is one of the four above, named by the
 * vendor's documentation or the OS source. Not here: hosts that also serve other content
 * (www.google.com, which Android also probes with https://www.google.com/generate_204, is Google
 * search too; play.googleapis.com; www.gstatic.com; www.apple.com), and services that are part of
 * the OS but exist to collect data (analytics, crash reports, location).
 *
 * A rule matches the host itself and every subdomain of it, like a TrackerDB domain
 * ("push.apple.com" covers 1-courier.push.apple.com). Lower case, no trailing dot.
 */

/** What an infrastructure host is for. */
export type OsHostPurpose = 'connectivity-check' | 'push' | 'update' | 'time';

export interface OsHostRule {
  /** Host name; matches itself and its subdomains. */
  host: string;
  /** Label shown for it, e.g. "Apple captive portal check". */
  name: string;
  /** Organisation running it, as TrackerDB would name it. */
  company: string;
  purpose: OsHostPurpose;
}

const rules = (company: string, purpose: OsHostPurpose, name: string, hosts: string[]): OsHostRule[] =>
  hosts.map((host) => ({ host, name, company, purpose }));

/** The list. Each group names where the hosts are documented. */
export const OS_HOSTS: readonly OsHostRule[] = [
  // Apple: "Use Apple products on enterprise networks", https://support.apple.com/en-us/101555
  // (captive.apple.com, mesu/gdmf/updates*, *.push.apple.com, time*.apple.com), and "If your
  // Apple devices aren't getting Apple push notifications", https://support.apple.com/en-us/102266
  // (*.push.apple.com on TCP 5223/443/2197). iOS and macOS fetch
  // http://captive.apple.com/hotspot-detect.html when they join a Wi-Fi network.
  ...rules('Apple', 'connectivity-check', 'Apple captive portal check', ['captive.apple.com']),
  ...rules('Apple', 'push', 'Apple Push Notification service', ['push.apple.com']),
  ...rules('Apple', 'update', 'Apple software update', [
    'mesu.apple.com',
    'gdmf.apple.com',
    'updates.cdn-apple.com',
    'updates-http.cdn-apple.com',
    'swscan.apple.com',
    'swdist.apple.com',
    'swcdn.apple.com',
    'appldnld.apple.com',
    'oscdn.apple.com',
    'osrecovery.apple.com',
  ]),
  ...rules('Apple', 'time', 'Apple time server', ['time.apple.com', 'time-ios.apple.com', 'time-macos.apple.com']),

  // Android: NetworkMonitor's probe URLs in AOSP (packages/modules/NetworkStack,
  // NetworkStackConstants / config_captive_portal_http_url: http://connectivitycheck.gstatic.com/generate_204;
  // Android 5-6 used connectivitycheck.android.com, Android 4 clients3.google.com/generate_204).
  ...rules('Google', 'connectivity-check', 'Android connectivity check', [
    'connectivitycheck.gstatic.com',
    'connectivitycheck.android.com',
    'clients3.google.com',
  ]),
  // Firebase Cloud Messaging, "Configure your network for FCM",
  // https://firebase.google.com/docs/cloud-messaging/network-configuration (hostnames to open).
  // android.clients.google.com: GCM/FCM registration (/c2dm/register3) and device check-in.
  ...rules('Google', 'push', 'Firebase Cloud Messaging (Android push)', [
    'mtalk.google.com',
    'mtalk4.google.com',
    'mtalk-staging.google.com',
    'mtalk-dev.google.com',
    ...[1, 2, 3, 4, 5, 6, 7, 8].map((n) => `alt${n}-mtalk.google.com`),
    'android.apis.google.com',
    'android.clients.google.com',
  ]),
  // AOSP frameworks/base/core/res/res/values/config.xml config_ntpServer (time.android.com);
  // Google Public NTP, https://developers.google.com/time.
  ...rules('Google', 'time', 'Google time server', ['time.android.com', 'time.google.com']),

  // Windows: Network Connectivity Status Indicator (NCSI),
  // https://learn.microsoft.com/troubleshoot/windows-client/networking/internet-explorer-edge-open-connect-corporate-public-network
  ...rules('Microsoft', 'connectivity-check', 'Windows connectivity check (NCSI)', ['msftconnecttest.com', 'msftncsi.com']),
  // Windows Push Notification Services, https://learn.microsoft.com/windows/apps/design/shell/tiles-and-notifications/firewall-allowlist-config
  ...rules('Microsoft', 'push', 'Windows Push Notification Services', ['notify.windows.com', 'wns.windows.com']),
  // Windows Update endpoints, https://learn.microsoft.com/windows/privacy/manage-windows-11-endpoints
  ...rules('Microsoft', 'update', 'Windows Update', ['windowsupdate.com', 'update.microsoft.com', 'delivery.mp.microsoft.com']),
  ...rules('Microsoft', 'time', 'Windows time server', ['time.windows.com']),

  // Firefox: "How to stop Firefox from making automatic connections",
  // https://support.mozilla.org/kb/how-stop-firefox-making-automatic-connections
  // (captive portal detection, push service, update checks).
  ...rules('Mozilla', 'connectivity-check', 'Firefox captive portal check', ['detectportal.firefox.com']),
  ...rules('Mozilla', 'push', 'Mozilla push service', ['push.services.mozilla.com']),
  ...rules('Mozilla', 'update', 'Firefox update check', ['aus5.mozilla.org']),

  // Linux desktops: NetworkManager connectivity check URIs shipped by the distributions.
  ...rules('Canonical', 'connectivity-check', 'Ubuntu connectivity check', ['connectivity-check.ubuntu.com']),
  ...rules('GNOME', 'connectivity-check', 'GNOME connectivity check', ['nmcheck.gnome.org']),
  ...rules('KDE', 'connectivity-check', 'KDE connectivity check', ['networkcheck.kde.org']),
  ...rules('Debian', 'connectivity-check', 'Debian connectivity check', ['network-test.debian.org']),

  // NTP Pool, the default of most Linux distributions and of Android vendors' builds
  // (e.g. 2.android.pool.ntp.org), https://www.ntppool.org/en/use.html
  ...rules('NTP Pool Project', 'time', 'NTP Pool time server', ['pool.ntp.org']),
];
