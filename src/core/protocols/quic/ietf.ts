/** QUIC v1/v2 (RFC 9000, RFC 9369): Initial frames and the TLS ClientHello in their CRYPTO stream. */
import { Reader } from '../../bytes';
import { emitHello, parseClientHello } from '../tls/tls';
import { QUIC_V1, QUIC_V2 } from './quicCrypto';
import type { QuicDialect } from './quic';

export const IETF_QUIC: QuicDialect = {
  versions: [QUIC_V1, QUIC_V2],
  malformed: 'quic-malformed',
  incomplete: 'quic-incomplete-hello',
  helloName: 'ClientHello',

  frames(payload, crypto, warn) {
    const r = new Reader(payload);
    while (r.left > 0 && !r.bad) {
      const t = r.varint();
      if (t === 0x00 || t === 0x01) continue; // PADDING, PING
      if (t === 0x02 || t === 0x03) {
        r.varint();
        r.varint();
        const ranges = r.varint();
        r.varint();
        for (let i = 0; i < ranges && !r.bad; i++) {
          r.varint();
          r.varint();
        }
        if (t === 0x03) {
          r.varint();
          r.varint();
          r.varint();
        }
        continue;
      }
      if (t === 0x06) {
        const off = r.varint();
        const data = r.bytes(r.varint());
        if (!r.bad) crypto(off, data);
        continue;
      }
      if (t === 0x1c || t === 0x1d) {
        r.varint();
        if (t === 0x1c) r.varint();
        r.bytes(r.varint());
        continue;
      }
      // Any other frame type is not allowed in Initial packets (RFC 9000 §12.4).
      return warn(`holds unexpected frame type ${t}`);
    }
    if (r.bad) warn('has a frame cut short');
  },

  hello(ctx, dir, buf, frame, version, warn) {
    if (buf.length < 4) return false;
    const id = ctx.flow.id;
    if (buf[0] !== 1) {
      warn(`QUIC CRYPTO stream in flow ${id} does not start with a ClientHello`);
      return true;
    }
    const len = (buf[1] << 16) | (buf[2] << 8) | buf[3];
    if (buf.length < 4 + len) return false;
    const ch = parseClientHello(buf.subarray(4, 4 + len));
    if (!ch) {
      warn(`QUIC ClientHello in flow ${id} is damaged`);
      return true;
    }
    if (ch.damaged) warn(`QUIC ClientHello in flow ${id}: ${ch.damaged}`);
    emitHello(ctx, dir, ch, frame, 'udp', version === QUIC_V2 ? 'quic-v2' : 'quic-v1');
    return true;
  },
};
