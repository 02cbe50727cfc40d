/**
 * Test helper: reads a whole capture file into CaptureFrames. Uses the real capture reader
 * (src/core/capture/index.ts) when it exists, else a minimal classic-pcap (both byte orders,
 * micro/nano) and pcapng (SHB/IDB/EPB/SPB, little/big endian) reader kept here so the decode
 * and flow tests do not depend on the capture stage being finished.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { CaptureFrame, CaptureSink } from '../../src/core/capture/types';

export const CORPUS = '/work/shared/corpus/external';

const realReaderPath = fileURLToPath(new URL('../../src/core/capture/index.ts', import.meta.url));

type ReaderFactory = (sink: CaptureSink) => { push(c: Uint8Array): void; end(): void };
let realFactory: ReaderFactory | null | undefined;

async function loadReal(): Promise<ReaderFactory | null> {
  if (realFactory !== undefined) return realFactory;
  realFactory = null;
  if (process.env.LEAKSCOPE_OWN_READER !== '1' && existsSync(realReaderPath)) {
    try {
      const mod = (await import(/* @vite-ignore */ realReaderPath)) as {
        createCaptureReader?: ReaderFactory;
      };
      if (typeof mod.createCaptureReader === 'function') realFactory = mod.createCaptureReader;
    } catch {
      realFactory = null;
    }
  }
  return realFactory;
}

/** Calls `onFrame` for each record of the file (frame.data is only valid during the call). */
export async function forEachFrame(path: string, onFrame: (f: CaptureFrame) => void): Promise<void> {
  const bytes = new Uint8Array(readFileSync(path));
  const real = await loadReal();
  if (real) {
    const reader = real({
      format() {},
      frame: onFrame,
      warning() {},
    });
    reader.push(bytes);
    reader.end();
    return;
  }
  readOwn(bytes, onFrame);
}

/** Which reader forEachFrame uses (for the test log). */
export async function readerKind(): Promise<'real' | 'own'> {
  return (await loadReal()) ? 'real' : 'own';
}

function readOwn(b: Uint8Array, onFrame: (f: CaptureFrame) => void): void {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const magic = dv.getUint32(0, false);
  if (magic === 0x0a0d0d0a) return readPcapng(b, dv, onFrame);
  let le: boolean;
  let nano: boolean;
  if (magic === 0xa1b2c3d4 || magic === 0xa1b23c4d) {
    le = false;
    nano = magic === 0xa1b23c4d;
  } else if (magic === 0xd4c3b2a1 || magic === 0x4d3cb2a1) {
    le = true;
    nano = magic === 0x4d3cb2a1;
  } else throw new Error('not a pcap file');
  const linktype = dv.getUint32(20, le) & 0x0fffffff;
  let off = 24;
  let n = 0;
  while (off + 16 <= b.length) {
    const sec = dv.getUint32(off, le);
    const frac = dv.getUint32(off + 4, le);
    const incl = dv.getUint32(off + 8, le);
    const orig = dv.getUint32(off + 12, le);
    off += 16;
    if (off + incl > b.length) break;
    onFrame({
      number: ++n,
      linktype,
      time: sec + frac / (nano ? 1e9 : 1e6),
      capturedLength: incl,
      originalLength: orig,
      data: b.subarray(off, off + incl),
    });
    off += incl;
  }
}

function readPcapng(b: Uint8Array, dv: DataView, onFrame: (f: CaptureFrame) => void): void {
  let le = true;
  let off = 0;
  let n = 0;
  let ifaces: { linktype: number; tsres: number }[] = [];
  while (off + 12 <= b.length) {
    const type = dv.getUint32(off, le);
    if (type === 0x0a0d0d0a) {
      le = dv.getUint32(off + 8, true) === 0x1a2b3c4d;
      ifaces = [];
    }
    const len = dv.getUint32(off + 4, le);
    if (len < 12 || off + len > b.length) break;
    if (type === 1) {
      const linktype = dv.getUint16(off + 8, le);
      let tsres = 1e-6;
      let o = off + 16;
      while (o + 4 <= off + len - 4) {
        const code = dv.getUint16(o, le);
        const olen = dv.getUint16(o + 2, le);
        if (code === 0) break;
        if (code === 9 && olen >= 1) {
          const v = b[o + 4];
          tsres = v & 0x80 ? Math.pow(2, -(v & 0x7f)) : Math.pow(10, -v);
        }
        o += 4 + ((olen + 3) & ~3);
      }
      ifaces.push({ linktype, tsres });
    } else if (type === 6) {
      const ifc = ifaces[dv.getUint32(off + 8, le)];
      const ts = dv.getUint32(off + 12, le) * 4294967296 + dv.getUint32(off + 16, le);
      const cap = dv.getUint32(off + 20, le);
      const orig = dv.getUint32(off + 24, le);
      onFrame({
        number: ++n,
        linktype: ifc?.linktype ?? 1,
        time: ts * (ifc?.tsres ?? 1e-6),
        capturedLength: cap,
        originalLength: orig,
        data: b.subarray(off + 28, off + 28 + cap),
      });
    } else if (type === 3) {
      const orig = dv.getUint32(off + 8, le);
      const cap = Math.min(orig, len - 16);
      onFrame({
        number: ++n,
        linktype: ifaces[0]?.linktype ?? 1,
        time: NaN,
        capturedLength: cap,
        originalLength: orig,
        data: b.subarray(off + 12, off + 12 + cap),
      });
    }
    off += len;
  }
}
