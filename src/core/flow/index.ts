/** Stage 3: flows numbered as tshark's tcp.stream/udp.stream, with TCP reassembly. */
export { FlowTable } from './flowTable';
export { TcpReassembler, DEFAULT_REASSEMBLY_LIMITS } from './tcpReassembler';
export type { ReassemblyLimits, StreamOutput } from './tcpReassembler';
export { flowKey } from './flowKey';
export type { Flow, FlowSink, Endpoint } from './types';
