/**
 * Placeholder values: what an OS, an SDK or an emulator sends where the real identifier is
 * withheld or missing. They have the kind's shape but name no device, so the scanner lists them
 * apart (LeakScanner.placeholders()) instead of reporting them as leaks. Only values that are
 * well known and documented are here (sources beside each); a value merely looking regular
 * ("123456") is not a placeholder and stays the kind's own checks' business.
 *
 * Values are canonical (the kinds' canonical forms: lower-case hex, digits only).
 */

const PLACEHOLDERS: Readonly<Record<string, ReadonlySet<string>>> = {
  mac: new Set([
    // Android 6.0+: WifiInfo.getMacAddress() and BluetoothAdapter.getAddress() return this
    // constant to apps ("Android 6.0 Changes: Access to Hardware Identifier").
    '02:00:00:00:00:00',
    // No address at all / broadcast.
    '00:00:00:00:00:00',
    'ff:ff:ff:ff:ff:ff',
  ]),
  android_id: new Set([
    // Settings.Secure.ANDROID_ID of the Android emulator, also shared by many Android 2.2
    // handsets (the bug the Android Developers Blog's "Identifying App Installations", 2011,
    // warns about).
    '9774d56d682e549c',
    '0000000000000000',
  ]),
  ad_id: new Set([
    // Google Play services' advertising ID after the user deleted it / limited ad tracking
    // (Android 12+), and Apple's IDFA without App Tracking Transparency consent (iOS 14.5+).
    '00000000-0000-0000-0000-000000000000',
    '00000000000000000000000000000000',
  ]),
  imei: new Set([
    // Android Emulator modem (aosp platform_external_qemu, android/telephony/modem.c, "+CGSN"):
    // 000000000000000 in old releases, then 358240051111110 ("35824005 - Nexus 5 TAC, 111111
    // serial, 0 check digit").
    '000000000000000',
    '358240051111110',
    // 3GPP conformance test IMEI (reporting body 00 = test IMEI, GSMA TS.06), as test SIMs and
    // protocol testers report it.
    '004999010640000',
  ]),
  imsi: new Set([
    // Android Emulator modem.c "+CIMI": OPERATOR_HOME_MCCMNC "310260" + "000000000".
    '310260000000000',
  ]),
  iccid: new Set([
    // Android Emulator SIM (telephony/sim_card.c answers EF_ICCID with 98101430121181157002,
    // nibble-swapped).
    '89014103211118510720',
  ]),
  serial: new Set([
    // Build.SERIAL / Build.getSerial() without READ_PHONE_STATE (Android 8+): Build.UNKNOWN.
    'unknown',
    // The default ro.serialno of many Android boards whose maker never set one (fastboot's and
    // adb's "0123456789ABCDEF" device).
    '0123456789abcdef',
  ]),
  carrier: new Set([
    // The Android Emulator's network operator name (modem.c OPERATOR_HOME_NAME).
    'android',
  ]),
};

/** Whether `value` (canonical) is a placeholder of kind `type`, not an identifier of a device. */
export function isPlaceholder(type: string, value: string): boolean {
  const set = PLACEHOLDERS[type];
  return set !== undefined && set.has(value.toLowerCase());
}
