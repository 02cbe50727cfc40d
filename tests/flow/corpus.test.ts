import { describe, expect, it } from 'vitest';
import { externalCapture, externalTruths } from '../corpus';
import { flowCapture } from '../pipeline';

/**
 * Captures where our flow counts knowingly differ from tshark 4.0.17, with the reason found.
 * Anything not listed here that differs fails the test.
 */
const KNOWN: Record<string, string> = {
  // tshark dissects the packet headers sampled inside sFlow datagrams (udp 6343, frames 87
  // and 116) and gives them tcp/udp stream numbers: 7 TCP + 3 UDP conversations that exist
  // only as 128-byte header samples of other hosts' traffic. We deliberately do not turn
  // monitoring samples into flows (same reason quoted ICMP packets are not packets).
  'filestore-5408__input.pcap': 'sFlow sampled headers counted by tshark (tcp 7 vs 14, udp 1 vs 4)',
};

describe('flow counts vs tshark tcp.stream / udp.stream over the external corpus', () => {
  it('agrees on every capture but the known ones (418/419 for TCP and for UDP)', () => {
    const truth = externalTruths();
    expect(truth.length).toBe(419);
    let tcpOk = 0;
    let udpOk = 0;
    let framesOk = 0;
    const differ: string[] = [];
    for (const t of truth) {
      const c = flowCapture(externalCapture(t.file));
      if (c.frames === t.frames) framesOk++;
      const a = c.tcp === t.tcp_streams;
      const b = c.udp === t.udp_streams;
      if (a) tcpOk++;
      if (b) udpOk++;
      if (!a || !b) {
        differ.push(t.file);
        console.log(
          `DIFF ${t.file}: tcp ${c.tcp} (tshark ${t.tcp_streams}), udp ${c.udp} (tshark ${t.udp_streams})` +
            ` — ${KNOWN[t.file] ?? 'UNEXPLAINED'}`,
        );
      }
    }
    console.log(
      `tcp ${tcpOk}/${truth.length} (${((100 * tcpOk) / truth.length).toFixed(2)}%), ` +
        `udp ${udpOk}/${truth.length} (${((100 * udpOk) / truth.length).toFixed(2)}%)`,
    );
    expect(framesOk).toBe(truth.length);
    // Exactly the known differences: one that goes away is a reason to shorten KNOWN.
    expect(differ).toEqual(Object.keys(KNOWN));
    expect([tcpOk, udpOk]).toEqual([418, 418]);
  });
});
