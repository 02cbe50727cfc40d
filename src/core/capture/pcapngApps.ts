/**
 * What pcapng files say about apps and the capturing device, apart from the packets:
 * section header options (shb_hardware 2, shb_os 3, shb_userappl 4), PCAPdroid's per-packet
 * comment `u-<uid>` and its UID map in a custom block (type 0x00000BAD, PEN 62652).
 */
import type { CaptureDevice, FrameApp } from './types';

const SHB_HARDWARE = 2;
const SHB_OS = 3;
const SHB_USERAPPL = 4;
const OPT_COMMENT = 1;
/** PCAPdroid's Private Enterprise Number (IANA), as its custom blocks carry it. */
export const PCAPDROID_PEN = 62652;
export const CUSTOM_BLOCK = 0x00000bad;
export const CUSTOM_BLOCK_NOCOPY = 0x40000bad;
const UID_MAP = 1;
export const PCAPDROID_SOURCE = 'pcapdroid-pcapng';

const utf8 = new TextDecoder('utf-8', { fatal: false });

/** Calls `each(code, start, length)` for every option in [from, end) until opt_endofopt or damage. */
export function forEachOption(view: DataView, from: number, end: number, le: boolean, each: (code: number, start: number, length: number) => void): void {
  for (let q = from; q + 4 <= end; ) {
    const code = view.getUint16(q, le);
    const olen = view.getUint16(q + 2, le);
    if (code === 0 || q + 4 + olen > end) return;
    each(code, q + 4, olen);
    q += 4 + ((olen + 3) & ~3);
  }
}

/** The device a Section Header Block describes (options from p + 24), or null when it names none. */
export function sectionDevice(buf: Uint8Array, view: DataView, p: number, len: number, le: boolean): CaptureDevice | null {
  const device: CaptureDevice = {};
  forEachOption(view, p + 24, p + len - 4, le, (code, start, length) => {
    const text = utf8.decode(buf.subarray(start, start + length)).replace(/\0+$/, '');
    if (!text) return;
    if (code === SHB_HARDWARE) device.hardware = text;
    else if (code === SHB_OS) device.os = text;
    else if (code === SHB_USERAPPL) device.application = text;
  });
  return device.hardware || device.os || device.application ? device : null;
}

/** The app of an EPB from its options in [from, end): PCAPdroid writes opt_comment "u-<uid>". */
export function commentApp(buf: Uint8Array, view: DataView, from: number, end: number, le: boolean): FrameApp | undefined {
  let app: FrameApp | undefined;
  forEachOption(view, from, end, le, (code, start, length) => {
    if (code !== OPT_COMMENT || app || length < 3 || length > 16) return;
    const m = /^u-(-?\d{1,10})$/.exec(utf8.decode(buf.subarray(start, start + length)));
    if (m) app = { source: PCAPDROID_SOURCE, uid: Number(m[1]) };
  });
  return app;
}

/**
 * PCAPdroid's UID map: after the PEN, u16 record type (1) and u16 entry count, then per entry
 * uid (i32), package length (u8), name length (u8), package, name; in the section's byte order,
 * padded to 4 bytes at the end. Layout as measured on pcapdroid-03-dsb/-04-root.pcapng (one
 * entry per block, written before the app's first packet). Entries that do not fit are dropped.
 */
export function readUidMap(buf: Uint8Array, view: DataView, p: number, len: number, le: boolean): FrameApp[] {
  const end = p + len - 4;
  if (end - p < 16 || view.getUint32(p + 8, le) !== PCAPDROID_PEN) return [];
  if (view.getUint16(p + 12, le) !== UID_MAP) return [];
  const count = view.getUint16(p + 14, le);
  const apps: FrameApp[] = [];
  let q = p + 16;
  for (let i = 0; i < count && q + 6 <= end; i++) {
    const uid = view.getInt32(q, le);
    const pkgLen = view.getUint8(q + 4);
    const nameLen = view.getUint8(q + 5);
    const next = q + 6 + pkgLen + nameLen;
    if (next > end) break;
    const pkg = utf8.decode(buf.subarray(q + 6, q + 6 + pkgLen));
    const name = utf8.decode(buf.subarray(q + 6 + pkgLen, next));
    apps.push({ source: PCAPDROID_SOURCE, uid, package: pkg || null, name: name || null });
    q = next;
  }
  return apps;
}
