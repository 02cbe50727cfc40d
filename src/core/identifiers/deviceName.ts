/**
 * The name the owner gave the device ("Lucas-iPhone", "Galaxy de Marie"): apps and SDKs send it
 * (UIDevice.name, Settings.Global.DEVICE_NAME, Bluetooth names), and it often holds the owner's
 * own name.
 */
import type { IdentifierKind } from './kind';
import { textCheck, UNSET } from './common';

/** Names that say what a device is, not whose: they identify nobody. */
const GENERIC = /^(my )?(phone|iphone|ipad|ipod|android|android device|tablet|mobile|device|smartphone|watch|mac|pc|computer|localhost)$/i;

/**
 * Names a device gets from its maker or OS, not its owner: Ubiquiti's `ubnt`, Windows' random
 * `DESKTOP-XXXXXXX`/`WIN-XXXXXXXXXXX`, Espressif's `ESP_1A2B3C`, `android-<hex>` (the Android ID,
 * androidId.ts), a workgroup (`WORKGROUP`, `MSHOME`), a bare maker/model word with a hex or
 * digit tail (`iPhone`, `RaspberryPi`, `HUAWEI_P20-1a2b`).
 */
const FACTORY = /^(ubnt|unifi|openwrt|dd-wrt|raspberrypi|raspberry|workgroup|mshome|home|lan|local|localhost|localdomain|espressif|router|gateway|printer|chromecast|google-home|amazon|echo|kindle|roku|tivo|sonos|nas)$|^(desktop|laptop|win|pc)-[0-9a-z]{7,15}$|^(esp|esp32|esp8266|espressif|tasmota|shelly[a-z0-9]*)[-_][0-9a-f]{4,12}$|^android-[0-9a-f]{8,16}$|^[a-z]+[-_]?[0-9a-f]{6,12}$/i;

/** A name read from a field that holds a device's own name (DHCP host name, NetBIOS, mDNS): the owner's, not a default. */
export function ownerGivenName(v: string): boolean {
  const s = v.trim();
  return deviceName.plausible!(s) && !FACTORY.test(s);
}

export const deviceName: IdentifierKind<'device_name', 'device_name'> = {
  type: 'device_name', label: 'Device name', one: "its name (often its owner's)", many: (n) => `${n} device names`, weight: 4,
  profile: { key: 'device_name', label: 'Device name', hint: 'e.g. Lucas-iPhone', position: 14, check: textCheck },
  expand(entry) {
    const s = entry.trim();
    return { value: s, spellings: [s], transform: true };
  },
  keys: { literals: ['devicename', 'device_name'], compound: ['devicename', 'device_name'], rule: /devicename|bluetoothname|^btname$|phonename/ },
  // Words, not a code: a letter, at most 40 characters of names, digits and separators; not a
  // generic name every device of a kind has (the OS default, an SDK's placeholder).
  plausible: (v) => /\p{L}/u.test(v) && /^[\p{L}\p{N} '’_.+()-]{2,40}$/u.test(v) && !UNSET.test(v) && !GENERIC.test(v.trim()),
};
