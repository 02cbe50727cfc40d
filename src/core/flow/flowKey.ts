/**
 * Conversation key: both endpoints in a fixed order, so both directions find the same entry
 * (tshark's conversations are direction-agnostic too). The one string built per packet.
 */
export function flowKey(srcIp: string, srcPort: number, dstIp: string, dstPort: number): string {
  if (srcIp < dstIp || (srcIp === dstIp && srcPort <= dstPort)) return `${srcIp} ${srcPort} ${dstIp} ${dstPort}`;
  return `${dstIp} ${dstPort} ${srcIp} ${srcPort}`;
}
