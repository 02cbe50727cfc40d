/**
 * Which decoder handles which number: LINKTYPE, ethertype, IP protocol, UDP tunnel port.
 * Adding a protocol = one file plus one line here.
 */
import type { CaptureFrame, FrameApp } from '../capture/types';
import type { DecodeContext, IpLayer, LayerDecoder } from './context';
import { decodeCapwapData } from './capwap';
import { decodeEthernet, decodeVlan } from './ethernet';
import { decodeGre } from './gre';
import { decodeGeneve } from './geneve';
import { decodeGtpU } from './gtp';
import { decodeIeee80211 } from './ieee80211';
import { decodeIpInIp4, decodeIpv4 } from './ipv4';
import { decodeIpInIp6, decodeIpv6 } from './ipv6';
import { decodeLoop, decodeNull } from './loopback';
import { decodeMpls } from './mpls';
import { decodeChdlc, decodeGrePpp, decodePpp, decodePppoe } from './ppp';
import { decodePktap, LINKTYPE_PKTAP, pktapApp } from './pktap';
import { decodePpi, decodeRadiotap } from './radiotap';
import { decodeRawIp, decodeRawIpv4, decodeRawIpv6 } from './rawIp';
import { decodeSll, decodeSll2 } from './sll';
import { decodeTcp } from './tcp';
import { decodeTeredo } from './teredo';
import { decodeUdp } from './udp';
import { decodeVxlan } from './vxlan';

/** Decoder of an IP payload, given the IP layer it sits on. */
export type IpPayloadDecoder = (ctx: DecodeContext, ip: IpLayer, d: Uint8Array, off: number, end: number) => void;

/** LINKTYPE_* -> link-layer decoder. */
export const linkDecoders: ReadonlyMap<number, LayerDecoder> = new Map<number, LayerDecoder>([
  [0, decodeNull],
  [1, decodeEthernet],
  [9, decodePpp],
  [12, decodeRawIp],
  [14, decodeRawIp],
  [50, decodePpp],
  [101, decodeRawIp],
  [104, decodeChdlc],
  [105, decodeIeee80211],
  [108, decodeLoop],
  [113, decodeSll],
  [127, decodeRadiotap],
  [192, decodePpi],
  [228, decodeRawIpv4],
  [229, decodeRawIpv6],
  [LINKTYPE_PKTAP, decodePktap],
  [276, decodeSll2],
]);

/**
 * LINKTYPE_* whose per-packet header names the app that sent the frame -> reader of that app.
 * The pipeline asks before it decodes, so the frame's packets carry it like a reader's app.
 */
export const linkApps: ReadonlyMap<number, (frame: CaptureFrame) => FrameApp | undefined> = new Map([
  [LINKTYPE_PKTAP, pktapApp],
]);

/** Ethertype -> decoder of what it carries. */
export const ethertypeDecoders: ReadonlyMap<number, LayerDecoder> = new Map<number, LayerDecoder>([
  [0x0800, decodeIpv4],
  [0x86dd, decodeIpv6],
  [0x8100, decodeVlan],
  [0x88a8, decodeVlan],
  [0x9100, decodeVlan],
  [0x8847, decodeMpls],
  [0x8848, decodeMpls],
  [0x8864, decodePppoe],
  [0x6558, decodeEthernet], // transparent Ethernet bridging (GRE, Geneve)
  [0x880b, decodeGrePpp],
]);

/** IP protocol number -> decoder. ICMP/ICMPv6 are deliberately absent: the packets they quote
 * are not traffic and must not produce packets. */
export const ipProtocolDecoders: ReadonlyMap<number, IpPayloadDecoder> = new Map<number, IpPayloadDecoder>([
  [4, decodeIpInIp4],
  [6, decodeTcp],
  [17, decodeUdp],
  [41, decodeIpInIp6],
  [47, decodeGre],
]);

/** UDP port -> tunnel decoder (tried on the lower port first, as tshark does). */
export const udpTunnelDecoders: ReadonlyMap<number, LayerDecoder> = new Map<number, LayerDecoder>([
  [2152, decodeGtpU],
  [3544, decodeTeredo],
  [4789, decodeVxlan],
  [5247, decodeCapwapData],
  [6081, decodeGeneve],
]);
