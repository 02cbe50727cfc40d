/**
 * The name the owner gave the device ("Lucas-iPhone", "Galaxy de Marie"): apps and SDKs send it
 * (UIDevice.name, Settings.Global.DEVICE_NAME, Bluetooth names), and it often holds the owner's
 * own name.
 */
import type { IdentifierKind } from './kind';
import { textCheck, UNSET } from './common';

/** Names that say what a device is, not whose: they identify nobody. */
const GENERIC = /^(my )?(phone|iphone|ipad|ipod|android|android device|tablet|mobile|device|smartphone|watch|mac|pc|computer|localhost)$/i;

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
