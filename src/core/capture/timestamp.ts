/**
 * Exact conversion of 64-bit tick counts to seconds. Nanosecond counts since 1970 exceed
 * 2^53, so plain float maths would lose the last digits and make pcapng times differ from
 * the same capture as pcap. BigInt is used only when the high word changes (every ~4 s of
 * capture at ns resolution), keeping the per-packet path in plain numbers.
 */
export class TickClock {
  private readonly perSecond: number;
  private readonly perSecondBig: bigint;
  private hi = -1;
  private baseSeconds = 0;
  private baseRemainder = 0;

  /** `tsresol` is the pcapng if_tsresol byte (top bit: power of 2, else power of 10). */
  constructor(tsresol: number, private readonly offsetSeconds = 0) {
    const exp = tsresol & 0x7f;
    this.perSecondBig = tsresol & 0x80 ? 1n << BigInt(exp) : 10n ** BigInt(exp);
    this.perSecond = Number(this.perSecondBig);
  }

  /** Seconds (fractional) for the tick count hi * 2^32 + lo. */
  seconds(hi: number, lo: number): number {
    if (hi !== this.hi) {
      const base = BigInt(hi) << 32n;
      this.baseSeconds = Number(base / this.perSecondBig);
      this.baseRemainder = Number(base % this.perSecondBig);
      this.hi = hi;
    }
    const rem = this.baseRemainder + lo;
    const whole = Math.floor(rem / this.perSecond);
    return this.baseSeconds + whole + this.offsetSeconds + (rem - whole * this.perSecond) / this.perSecond;
  }
}
