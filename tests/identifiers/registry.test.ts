/** The registry of identifier kinds: complete, consistent, and the same list as the report schema's. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KINDS, kindOf, type AnyKind } from '../../src/core/identifiers/registry';
import { KEY_LITERALS, classifyKey } from '../../src/core/scan/keys';
import { TYPE_ORDER, typeInfo } from '../../src/present/identifiers';
import { PROFILE_FIELDS } from '../../src/app/lib/profile';

const kinds = KINDS as readonly AnyKind[];
const schema = JSON.parse(readFileSync(join(import.meta.dirname, '../../docs/report.schema.json'), 'utf8'));

describe('registry', () => {
  it('lists the same types as the report schema, in its order (findings and other_findings)', () => {
    // Findings and the other devices' findings share one type list.
    for (const def of ['finding', 'otherFinding']) expect(kinds.map((k) => k.type)).toEqual(schema.definitions[def].properties.type.enum);
  });

  it.each(kinds.map((k) => [k.type, k] as const))('%s has a label, phrases and a weight', (type, k) => {
    expect(k.label.trim()).not.toBe('');
    expect(k.one.trim()).not.toBe('');
    expect(k.many('1,200')).toContain('1,200');
    expect(k.weight).toBeGreaterThanOrEqual(0);
    expect(k.weight).toBeLessThanOrEqual(10);
    expect(kindOf(type)).toBe(k);
    expect(typeInfo(type).label).toBe(k.label);
  });

  it('types are unique; most serious first (the order the app lists them in)', () => {
    const types = kinds.map((k) => k.type);
    expect(new Set(types).size).toBe(types.length);
    expect(TYPE_ORDER).toEqual(types);
  });

  it('profile fields: unique keys and places, in the form in the order people know them', () => {
    const fields = kinds.flatMap((k) => (k.profile ? [k.profile] : []));
    expect(new Set(fields.map((f) => f.key)).size).toBe(fields.length);
    expect(new Set(fields.map((f) => f.position)).size).toBe(fields.length);
    // These keep their places (a saved profile's key order is the form's); a new kind's field may go anywhere.
    const known = ['imei', 'phone', 'imsi', 'iccid', 'contacts', 'email', 'mac', 'android_id', 'ad_id', 'serial', 'model', 'carrier', 'location'];
    expect(PROFILE_FIELDS.map((f) => f.key).filter((k) => known.includes(k))).toEqual(known);
    for (const k of kinds) if (k.profile) expect(k.expand, `${k.type} expands its profile entries`).toBeTypeOf('function');
  });

  it('key literals are the kinds\' own, long enough for the matcher; compounds are literals', () => {
    for (const k of kinds) for (const c of k.keys?.compound ?? []) expect(k.keys!.literals).toContain(c);
    expect(KEY_LITERALS.length).toBe(kinds.reduce((n, k) => n + (k.keys?.literals?.length ?? 0), 0));
    for (const l of KEY_LITERALS) {
      expect(l.text.length).toBeGreaterThanOrEqual(4);
      expect(kindOf(l.type)!.keys!.literals).toContain(l.text);
    }
  });

  it('a kind found by another kind\'s shapes names a registered kind that has shapes', () => {
    for (const k of kinds) {
      if (!k.shapeOf) continue;
      const by = kindOf(k.shapeOf)!;
      expect(by.digits ?? by.tokens ?? by.grouped).toBeDefined();
    }
  });

  // First match in registry order decides; these names match two rules or sit near another's.
  it.each([
    ['simSerial', 'iccid'], ['phoneModel', 'phone'], ['device_id', 'imei'], ['dev', 'imei'], ['contacts', 'phone'],
    ['sim_operator_name', 'carrier'], ['wifiMac', 'mac'], ['ts', 'negative'], ['id', 'negative'], ['lng', 'location'],
    ['gaid', 'ad_id'], ['android_id', 'android_id'], ['sn', 'serial'], ['appkey', null],
  ])('key %s -> %s', (key, cls) => expect(classifyKey(key)).toBe(cls));
});
