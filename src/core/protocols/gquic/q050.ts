/**
 * Google QUIC Q050: IETF QUIC's long header and Initial protection (quic/quicCrypto.ts, with
 * Q050's salt), gQUIC's own frames inside, and the CHLO (chlo.ts) in CRYPTO frames instead of a
 * TLS ClientHello. Read by the QUIC reader (quic/quic.ts) through this dialect.
 *
 * Frames of a client Initial (Chromium's quic_framer.cc, Wireshark's packet-gquic.c): 0x00
 * PADDING runs to the end of the packet, 0x07 PING has no body, 0x08 CRYPTO carries a QUIC
 * varint offset and length, then the data. Other frames (ACKs of the server's Initials, in the
 * client's later Initials) end the walk: the first CHLO, at offset 0, has what we report.
 */
import { Reader } from '../../bytes';
import { QUIC_Q050 } from '../quic/quicCrypto';
import { MAX_CRYPTO } from '../quic/cryptoStream';
import type { QuicDialect } from '../quic/quic';
import { chloLength, chloTags, emitChlo } from './chlo';

/** 'CHLO' as a big-endian u32. */
const CHLO = 0x43484c4f;

export const GQUIC_Q050: QuicDialect = {
  versions: [QUIC_Q050],
  malformed: 'gquic-malformed',
  incomplete: 'gquic-malformed',
  helloName: 'CHLO',

  frames(payload, crypto, warn) {
    const r = new Reader(payload);
    while (r.left > 0) {
      const t = r.u8();
      if (t === 0x07) continue; // PING
      if (t !== 0x08) return; // PADDING (to the end) or a frame we do not read: not damage
      const off = r.varint();
      const data = r.bytes(r.varint());
      if (r.bad) return warn('has a CRYPTO frame cut short');
      crypto(off, data);
    }
  },

  hello(ctx, dir, buf, frame, version, warn) {
    if (buf.length < 4) return false;
    if (new Reader(buf).u32() !== CHLO) {
      warn(`gQUIC CRYPTO stream in flow ${ctx.flow.id} does not start with a CHLO`);
      return true;
    }
    // Infinity until the tag entries have come; past MAX_CRYPTO the stream would never hold it.
    const len = chloLength(buf, 0);
    if (len < 0 || (len > MAX_CRYPTO && len !== Infinity)) {
      warn(`gQUIC CHLO in flow ${ctx.flow.id} is damaged`);
      return true;
    }
    if (buf.length < len) return false;
    const tags = chloTags(buf, 0);
    if (!tags) {
      warn(`gQUIC CHLO in flow ${ctx.flow.id} is damaged`);
      return true;
    }
    emitChlo(ctx, dir, tags, String.fromCharCode(version >>> 24, (version >>> 16) & 0xff, (version >>> 8) & 0xff, version & 0xff), frame);
    return true;
  },
};
