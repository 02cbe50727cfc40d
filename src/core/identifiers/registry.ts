/**
 * Every identifier kind, one line each. The order is the order of the report's types: the most
 * serious first (weights descending), which is how the app lists them. It also decides ties:
 * the first key-name rule that matches names a field, and shapes of one digit-run length are
 * offered in this order (after the kind a key names).
 *
 * Adding a kind: its file beside this one and a line here (CONTRIBUTING.md, "Adding an
 * identifier kind"); tests/identifiers/registry.test.ts checks the report schema's type list.
 */
import type { IdentifierKind, ProfileField } from './kind';
import { imei } from './imei';
import { imsi } from './imsi';
import { iccid } from './iccid';
import { phone } from './phone';
import { contactPhone } from './contactPhone';
import { email } from './email';
import { location } from './location';
import { serial } from './serial';
import { mac } from './mac';
import { androidId } from './androidId';
import { adId } from './adId';
import { deviceName } from './deviceName';
import { carrier } from './carrier';
import { model } from './model';

export const KINDS = [
  imei,
  imsi,
  iccid,
  phone,
  contactPhone,
  email,
  location,
  serial,
  mac,
  androidId,
  adId,
  deviceName,
  carrier,
  model,
] as const;

type Kinds = (typeof KINDS)[number];

/** A finding's type: one of the kinds'. */
export type FindingType = Kinds['type'];

/** Any kind, for code that reads every kind alike. */
export type AnyKind = IdentifierKind<FindingType, string, unknown>;

type FieldOf<K> = K extends { profile?: ProfileField<infer Key, infer E> } ? [Key, E] : never;

/** The person's own identifiers (spec "Profile format"): each kind's profile key, every one optional. */
export type Profile = { [F in FieldOf<Kinds> as F[0]]?: F[1][] };

const BY_TYPE = new Map<string, AnyKind>(KINDS.map((k) => [k.type, k]));

/** The kind of a type; undefined for a type this build does not know (a newer report's). */
export function kindOf(type: string): AnyKind | undefined {
  return BY_TYPE.get(type);
}
