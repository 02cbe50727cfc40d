/** RTSP: streaming control (VLC, IP cameras, AirPlay); its URIs, headers and SDP bodies are scanned. */
import type { Protocol } from '../../extract/handler';
import { detectRtsp, RtspHandler } from './rtsp';

declare module '../../warnings' {
  interface WarningCodes { 'rtsp-gap': 'rtsp'; 'rtsp-resync': 'rtsp'; 'rtsp-truncated': 'rtsp'; }
}

/**
 * By port as tshark registers RTSP (TCP 554, 7236 Wi-Fi Display, 8554), and on any other port
 * by its start line (the `RTSP/x.y` version or an `rtsp://` URI). Listed before HTTP/1 in the
 * registry: `OPTIONS rtsp://… RTSP/1.0` is also an HTTP method's start line.
 */
export const rtsp: Protocol = {
  name: 'rtsp',
  ports: { tcp: [554, 7236, 8554] },
  detectTcp: detectRtsp,
  create: (ctx) => new RtspHandler(ctx),
};
