/** MQTT 3.1/3.1.1/5: client ids, user names, topics and payloads for the scanner. */
import type { Protocol } from '../../extract/handler';
import { isMqttConnect, MqttHandler } from './mqtt';

declare module '../../warnings' {
  interface WarningCodes { 'mqtt-malformed': 'mqtt'; 'mqtt-large': 'mqtt'; 'mqtt-gap': 'mqtt'; }
}

export const mqtt: Protocol = {
  name: 'mqtt',
  detectTcp: isMqttConnect,
  create: (ctx) => new MqttHandler(ctx),
};
