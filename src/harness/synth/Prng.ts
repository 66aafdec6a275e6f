/**
 * A seeded 32-bit PRNG (SFC32) built only from integer operations (`Math.imul`, shifts), so every platform produces
 * the same sequence. Normal draws use the Irwin–Hall sum of 12 uniforms, which stays in integers too.
 */
export class Prng {
  private a: number
  private b: number
  private c: number
  private d: number

  constructor(seed: number | string) {
    // Expand the seed with a string hash (FNV-1a) so nearby seeds give unrelated streams.
    let h = 0x811c9dc5
    for (const ch of String(seed)) {
      h ^= ch.charCodeAt(0)
      h = Math.imul(h, 0x01000193) >>> 0
    }
    this.a = h
    this.b = h ^ 0x9e3779b9
    this.c = (h + 0x6d2b79f5) >>> 0
    this.d = 1
    for (let i = 0; i < 16; i++) this.u32()
  }

  /** Uniform integer in [0, 2^32). */
  u32(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0
    this.d = (this.d + 1) >>> 0
    this.a = this.b ^ (this.b >>> 9)
    this.b = (this.c + (this.c << 3)) >>> 0
    this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0
    this.c = (this.c + t) >>> 0
    return t
  }

  /** Uniform integer in [lo, hi] (inclusive); the range must be below 2^32. */
  int(lo: number, hi: number): number {
    return lo + (this.u32() % (hi - lo + 1))
  }

  /** true with probability `num / den` */
  chance(num: number, den: number): boolean {
    return this.u32() % den < num
  }

  /** An approximately standard-normal draw as a fixed-point bigint with `scale` (Irwin–Hall: Σ12 U − 6). */
  normal(scale: bigint): bigint {
    let s = 0n
    for (let i = 0; i < 12; i++) s += BigInt(this.u32())
    return ((s - 6n * 2n ** 32n) * scale) / 2n ** 32n
  }

  /** Uniform bigint in [0, n). */
  below(n: bigint): bigint {
    if (n <= 0n) return 0n
    const r = (BigInt(this.u32()) << 64n) | (BigInt(this.u32()) << 32n) | BigInt(this.u32())
    return r % n
  }
}
