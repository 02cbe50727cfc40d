/**
 * The device identity an MQTT CONNECT names: IoT devices log in with their serial number as
 * client id or user name. What looks like a device identity is reported as its serial; library
 * defaults (mosq-…, paho…, mqttjs_…), UUIDs, long hex (random ids) and words are not.
 */

/** Client ids that MQTT libraries make up at random. */
const LIBRARY = /^(?:mosq|mosquitto|paho|mqttjs|mqtt|mqttx|hivemq|emqx|node-red|nodered|android|ios|client|esp|test|clientid|device)[-_]?/i;
const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;

/** The identity a client id or user name holds, or null. Azure IoT Hub: `<hub>.azure-devices.net/<deviceId>/?api-version=…`. */
export function mqttIdentity(text: string): string | null {
  const azure = /^[\w.-]+\.azure-devices\.net\/([^/?\s]+)/i.exec(text);
  const s = azure ? azure[1] : text;
  if (s.length < 8 || s.length > 40 || !/^[A-Za-z0-9._:-]+$/.test(s)) return null;
  if (UUID.test(s) || (/^[0-9a-f]+$/i.test(s) && s.length > 32)) return null;
  // Letters and digits, or digits only (8 or more, checked above); letters alone are a name.
  if (!/\d/.test(s)) return null;
  if (!azure && LIBRARY.test(s) && !/^[A-Z0-9]+$/.test(s)) return null;
  return s;
}
