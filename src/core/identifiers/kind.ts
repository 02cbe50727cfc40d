/**
 * What one identifier kind (a report's finding `type`) brings: its words for people, its field
 * in the profile form, how a profile value is spelled on the wire, the key names that carry it
 * and the shapes it is recognised by without a profile. One file per kind beside this one;
 * registry.ts lists them. Every part but the words is optional: a kind has what applies to it.
 *
 * Kind files stay light (no libphonenumber-js, no tables, no DOM): the app's pages and the
 * widget read the words and the form fields from them. What needs a library or a table is lent
 * by the caller: EngineEnv by the engine's scanner and profile expansion, FormEnv by the form.
 */
import type { CountryCode } from 'libphonenumber-js';

/** libphonenumber-js (light metadata), as the profile form loads it on demand. */
export type PhoneLib = typeof import('libphonenumber-js');

export type Confidence = 'high' | 'medium' | 'low';

/** A recognised value: canonical form (report.md) and how sure the shape is. */
export interface KindMatch {
  value: string;
  confidence: Confidence;
  /**
   * A national-form phone number read while EngineEnv.region is null: `value` is its digits, and
   * the report decides its country from the capture's evidence (report/phoneCountry.ts), or drops it.
   */
  national?: boolean;
  /** A national-form number read in EngineEnv.region (the profile's country): `value` is E.164. */
  placedIn?: string;
}

/** A mobile operator of the engine's MCC+MNC table (scan/mcc.ts): MCC, MNC as written (2 or 3 digits), names. */
export interface Operator {
  mcc: string;
  mnc: string;
  /** The first is canonical. */
  names: string[];
}

/** What the engine lends the kinds: phone numbers (scan/phone.ts, full metadata) and operators. */
export interface EngineEnv {
  /**
   * Region for national-form numbers; null when nothing says it yet (no profile number): the
   * phone shapes then return such numbers as `national` matches for the scanner to place.
   */
  region: CountryCode | null;
  /** E.164 when the number is valid, else null. */
  e164(text: string, region?: CountryCode): string | null;
  /** The usual spellings of a number (E.164, national, spaced, dashed…). */
  spellings(text: string, region?: CountryCode): string[];
  /** The operator whose MCC+MNC starts the digits, or null. */
  operatorOf(digits: string): Operator | null;
  operators: readonly Operator[];
  /** Operator names worth recognising anywhere (two words or non-Latin). */
  operatorNames: readonly string[];
}

/**
 * The class of a field's key name, as keys.ts read it: a kind's type, `'negative'` (a counter,
 * timestamp or token field), or null (no key, or one that says nothing).
 */
export type KeyName = string | null;

/**
 * A bare digit run (no separators) of one of `lengths`, read as this kind. Returns the match to
 * report; null when the run is this kind's to judge and is not one (nothing else is tried: 15
 * digits failing the IMEI checks are an order number, not a phone number); undefined when the
 * run is not this kind's (the next shape, then the grouped reading, try). A run whose key names
 * a kind is offered to that kind's shape first, then to the others in registry order.
 */
export interface DigitShape {
  lengths: readonly number[];
  /** `keyName`: the key as written (`device_id`), for shapes whose evidence depends on its words. */
  read(digits: string, key: KeyName, upload: boolean, env: EngineEnv, keyName?: string | null): KindMatch | null | undefined;
}

/**
 * A digit run with separators or a '+' (`+86 135-2187-6643`), or a bare one no DigitShape took:
 * its groups, whether it is international, and the same key/direction/env. A match is reported
 * over the whole run; null tries each group of ten digits or more alone.
 */
export interface GroupedShape {
  read(groups: readonly string[], intl: boolean, key: KeyName, upload: boolean, env: EngineEnv): KindMatch | null;
}

/**
 * A token of a word run ([A-Za-z0-9+/_-], no '=') of one of `lengths` (those in `hexLengths`
 * only when every byte is a hex digit). `canonical` says whether it has the shape; a token with
 * the shape is this kind's and is never decoded as a hidden layer. It is reported when its key
 * names this kind (`keyed`), or for `bare` lengths without a key.
 */
export interface TokenShape {
  lengths: readonly number[];
  hexLengths?: readonly number[];
  canonical(token: string): string | null;
  keyed: Confidence;
  bare?: { lengths: readonly number[]; confidence: Confidence };
}

/** The key names that carry this kind. */
export interface KeyNames {
  /** Literals the wasm matcher finds (case-insensitive, 4..255 bytes): a value is read after them. */
  literals?: readonly string[];
  /** Those of the literals that may end a longer name (simOperatorName); the others must start one. */
  compound?: readonly string[];
  /**
   * Rule over a key name lower-cased, without '_', '-' and '.': the first kind (registry order)
   * whose rule matches names the field. It raises confidence and lets key-only shapes report.
   */
  rule?: RegExp;
  /**
   * Reads the value after a key literal itself (default: the text to the field's end, checked
   * by `plausible`). `tail`: up to 96 bytes from the value's start; `length` is how many of them
   * the value took. Reported from the key on, with this confidence.
   */
  read?: { value(tail: string): { value: string; length: number } | null; confidence: Confidence };
}

/** An entry of the profile form, checked: the canonical value, or why it is not one. */
export interface FieldCheck {
  value: string | null;
  error: string | null;
  /** A phone number not checked yet: the form's phone library is still loading. */
  pending?: boolean;
}

/** What the profile form lends a field's check. */
export interface FormEnv {
  /** Region for numbers typed without +country code ('' for none). */
  region: string;
  /** libphonenumber-js once the form loaded it, else null. */
  phone: PhoneLib | null;
}

/**
 * The kind's field in the profile form and in profile.json. `E` is one stored entry: a string,
 * or for location {lat, lon}.
 */
export interface ProfileField<K extends string = string, E = string> {
  /** The profile.json key (spec "Profile format"). */
  key: K;
  label: string;
  /** Placeholder: the expected shape. */
  hint: string;
  /** Place in the form, ascending (fields the person knows best first). */
  position: number;
  /** One line of the field: its canonical text, or the reason it is not usable. */
  check(raw: string, env: FormEnv): FieldCheck;
  /** The check needs FormEnv.phone (the form loads the library before it saves such entries). */
  usesPhoneLib?: boolean;
  /** Canonical text (check().value) -> stored entry; default: the text. */
  entry?(value: string): E;
  /** Stored entry -> a line of the form; default: the string itself. */
  line?(entry: E): string;
}

/** A profile entry ready for the matcher: canonical value and the texts apps write it as. */
export interface Spelled {
  value: string;
  spellings: string[];
  /** Encode and hash the spellings too (false: plain and URL forms only; nobody hashes a latitude). */
  transform: boolean;
}

export interface IdentifierKind<T extends string = string, K extends string = string, E = string> {
  /** The report's finding type. */
  type: T;
  /** Short label for tables and filters: "IMEI". */
  label: string;
  /** Verdict phrase for one value: "its IMEI". */
  one: string;
  /** Verdict phrase for several values, given their count as the page writes it: ("1,200") => "1,200 IMEIs". */
  many(count: string): string;
  /** 0..10: how hard an identifier it is (can it be tied to the person or device for good?). */
  weight: number;
  /** Not personal on its own (a carrier or model name). Redaction masks it all the same: next to a phone number a carrier says whose it is. */
  public?: boolean;
  /** Found by another kind's shapes: a match whose value is this kind's profile entry is called this kind. */
  shapeOf?: string;
  profile?: ProfileField<K, E>;
  /** One profile entry -> its canonical value and spellings; null drops it. */
  expand?(entry: E, env: EngineEnv): Spelled | null;
  /** Canonical form of a token of this kind's shape, null when it is not one (a MAC: aa:bb:…). */
  canonical?(text: string): string | null;
  keys?: KeyNames;
  /** Values recognised by their text alone, as known names (carrier names); low confidence. */
  values?(env: EngineEnv): readonly string[];
  digits?: readonly DigitShape[];
  grouped?: GroupedShape;
  tokens?: TokenShape;
  /**
   * A value read after a key literal is one of this kind (after the shared length and bracket
   * checks). `how.bareJson`: the value followed a JSON key (`"key":`) without quotes, so it is a
   * JSON number, boolean or null rather than a string.
   */
  plausible?(value: string, how?: { bareJson: boolean }): boolean;
}
