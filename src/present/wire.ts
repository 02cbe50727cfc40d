/**
 * How a flow went on the wire, and the counts every screen quotes (verdict, key log line, Flows
 * and Capture tabs, the widget): one definition, so no two places disagree.
 *
 * - encrypted: the engine saw an encrypted protocol on the flow (TLS, QUIC, …): `flows[].encrypted`.
 * - decrypted: an encrypted flow whose content (more than its SNI) was read with the keys given
 *   (a key log, the capture's DSBs, or a decrypting proxy's export): `flows[].decrypted`, as the
 *   engine sets it — whether or not an identifier was found in it.
 * - unread: encrypted and not decrypted; what it carried is unknown.
 */
import type { Report, ReportFlow } from '../core/report/types';

export type Wire = 'clear' | 'decrypted' | 'encrypted';

/** One flow: 'clear', 'decrypted' (encrypted, read with keys) or 'encrypted' (not read). */
export function wireOf(f: Pick<ReportFlow, 'encrypted' | 'decrypted'>): Wire {
  return !f.encrypted ? 'clear' : f.decrypted ? 'decrypted' : 'encrypted';
}

export interface WireCounts {
  flows: number;
  /** Encrypted on the wire, read or not. */
  encrypted: number;
  /** Of those, read with keys. */
  decrypted: number;
  /** Of those, not read: encrypted − decrypted. */
  unread: number;
}

export function wireCounts(report: Pick<Report, 'flows'>): WireCounts {
  let encrypted = 0;
  let decrypted = 0;
  for (const f of report.flows) {
    const w = wireOf(f);
    if (w !== 'clear') encrypted++;
    if (w === 'decrypted') decrypted++;
  }
  return { flows: report.flows.length, encrypted, decrypted, unread: encrypted - decrypted };
}

/** "7 encrypted, 5 of them decrypted" / "7 encrypted" / "none encrypted", for summaries. */
export function wireText(c: WireCounts): string {
  if (!c.encrypted) return 'none encrypted';
  return c.decrypted ? `${c.encrypted} encrypted, ${c.decrypted} of them decrypted` : `${c.encrypted} encrypted`;
}
