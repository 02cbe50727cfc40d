/** Stage 5, the leak scanner: wasm matcher + validators + nested decoding. */
export { LeakScanner, outerEncoding, type LeakScannerOptions } from './scanner';
export { ScannerWasm, loadScannerWasm, DEFAULT_SIZES, type ScannerSizes } from './wasm';
export { expandProfile, profileRegion, type ProfileLiteral } from './expand';
export {
  luhn, isImei, isImeisv, imeiOfImeisv, imsiOperator, isIccid, canonicalMac, canonicalUuid,
  isAndroidId, isEmail, isLatLon, plausibleTac,
} from './validate';
export { phoneE164, phoneSpellings } from './phone';
export { OPERATORS, operatorOf, type Operator } from './mcc';
export { FindingSet } from './findings';
