/** What the engine lends the identifier kinds (src/core/identifiers/kind.ts EngineEnv). */
import type { EngineEnv } from '../identifiers/kind';
import { distinctiveOperatorNames, OPERATORS, operatorOf } from './mcc';
import { phoneE164, phoneSpellings, type CountryCode } from './phone';

const operatorNames = distinctiveOperatorNames();

/** Full phone metadata and the operator table, national numbers read in `region` (null: placed later from evidence). */
export function engineEnv(region: CountryCode | null): EngineEnv {
  return { region, e164: phoneE164, spellings: phoneSpellings, operatorOf, operators: OPERATORS, operatorNames };
}
