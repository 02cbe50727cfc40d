/**
 * Checks a report against docs/report.schema.json before the widget shows it: a report from a
 * page or a URL is data from outside, and one field of the wrong type (findings[].frames a
 * string) made rendering throw, leaving the widget on "Loading the report…" with no `error`
 * event (issue 15). The schema is read as JSON Schema draft-07, only the keywords it uses (a
 * test keeps that list complete); no code generation, so no CSP exception is needed.
 */
import reportSchema from '../../docs/report.schema.json';

export interface Schema {
  type?: string | string[];
  const?: unknown;
  enum?: unknown[];
  required?: string[];
  properties?: Record<string, Schema>;
  items?: Schema;
  minimum?: number;
  maximum?: number;
  pattern?: string;
  $ref?: string;
  definitions?: Record<string, Schema>;
}

/** The keywords `schemaError` understands; anything else in the schema would be ignored. */
export const SCHEMA_KEYWORDS = ['$schema', '$id', 'title', 'type', 'const', 'enum', 'required', 'properties', 'items', 'minimum', 'maximum', 'pattern', '$ref', 'definitions'];

const patterns = new Map<string, RegExp>();

function typeOk(value: unknown, type: string): boolean {
  switch (type) {
    case 'null':
      return value === null;
    case 'array':
      return Array.isArray(value);
    case 'object':
      return typeof value === 'object' && value !== null && !Array.isArray(value);
    case 'integer':
      return Number.isInteger(value);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    default:
      return typeof value === type;
  }
}

const show = (v: unknown): string => (typeof v === 'string' ? JSON.stringify(v.slice(0, 40)) : Array.isArray(v) ? 'an array' : v === null ? 'null' : typeof v === 'object' ? 'an object' : String(v));

/** The first place `value` breaks `schema` ("findings[0].frames: an array expected, found \"3\""), or null. */
export function schemaError(value: unknown, schema: Schema, root: Schema = schema, path = ''): string | null {
  if (schema.$ref) {
    const name = /^#\/definitions\/(.+)$/.exec(schema.$ref)?.[1];
    const target = name ? root.definitions?.[name] : undefined;
    if (!target) return `${path || 'report'}: the schema's ${schema.$ref} is unknown`;
    return schemaError(value, target, root, path);
  }
  const at = path || 'report';
  if (schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? schema.type : [schema.type];
    if (!types.some((t) => typeOk(value, t))) return `${at}: ${types.join(' or ')} expected, found ${show(value)}`;
  }
  if ('const' in schema && value !== schema.const) return `${at}: ${show(schema.const)} expected, found ${show(value)}`;
  if (schema.enum && !schema.enum.includes(value)) return `${at}: one of ${schema.enum.join(', ')} expected, found ${show(value)}`;
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum) return `${at}: at least ${schema.minimum} expected, found ${value}`;
    if (schema.maximum !== undefined && value > schema.maximum) return `${at}: at most ${schema.maximum} expected, found ${value}`;
  }
  if (typeof value === 'string' && schema.pattern !== undefined) {
    let re = patterns.get(schema.pattern);
    if (!re) patterns.set(schema.pattern, (re = new RegExp(schema.pattern, 'u')));
    if (!re.test(value)) return `${at}: ${show(value)} does not match ${schema.pattern}`;
  }
  if (Array.isArray(value) && schema.items) {
    for (let i = 0; i < value.length; i++) {
      const e = schemaError(value[i], schema.items, root, `${path}[${i}]`);
      if (e) return e;
    }
  }
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const o = value as Record<string, unknown>;
    for (const key of schema.required ?? []) if (!(key in o)) return `${at}: ${key} is missing`;
    for (const [key, sub] of Object.entries(schema.properties ?? {})) {
      if (!(key in o)) continue;
      const e = schemaError(o[key], sub, root, path ? `${path}.${key}` : key);
      if (e) return e;
    }
  }
  return null;
}

/** The first place `report` breaks docs/report.schema.json, or null for a valid report. */
export function reportError(report: unknown): string | null {
  return schemaError(report, reportSchema as Schema);
}
