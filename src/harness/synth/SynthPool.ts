import { botegaSwap, isqrt, type SwapQuote } from './botegaMath.ts'

/**
 * The generator's own book of the pool (reserves, LP supply and holders), kept with the same integer rules as a
 * Botega pool: the first provide mints isqrt(a·b); later ones use the pool ratio (excess refunded) and mint the
 * smaller pro-rata share; burns pay ⌊qty·R/supply⌋ of each side. Its reserves annotate every synthetic line.
 */
export class SynthPool {
  a = 0n
  b = 0n
  supply = 0n
  readonly holders = new Map<string, bigint>()

  constructor(readonly feeBps: bigint) {}

  /** Two-leg provide by `lp`; returns the LP tokens minted (0 if too small). */
  provide(lp: string, a: bigint, b: bigint): bigint {
    let useA = a
    let useB = b
    let minted: bigint
    if (this.supply === 0n || this.a === 0n || this.b === 0n) minted = isqrt(a * b)
    else {
      useB = (a * this.b) / this.a
      if (useB > b) {
        useA = (b * this.a) / this.b
        useB = b
      }
      minted = (useA * this.supply) / this.a
      const viaB = (useB * this.supply) / this.b
      if (viaB < minted) minted = viaB
    }
    if (minted <= 0n) return 0n
    this.a += useA
    this.b += useB
    this.supply += minted
    this.holders.set(lp, (this.holders.get(lp) ?? 0n) + minted)
    return minted
  }

  /** Burn of `qty` LP tokens by `holder`; a burn the pool would reject leaves everything unchanged. */
  burn(holder: string, qty: bigint): void {
    const bal = this.holders.get(holder) ?? 0n
    const a = (qty * this.a) / this.supply
    const b = (qty * this.b) / this.supply
    if (qty > bal || a <= 0n || b <= 0n) return
    this.a -= a
    this.b -= b
    this.supply -= qty
    this.holders.set(holder, bal - qty)
  }

  quote(buyA: boolean, amountIn: bigint): SwapQuote {
    return botegaSwap({
      amountIn,
      reserveIn: buyA ? this.b : this.a,
      reserveOut: buyA ? this.a : this.b,
      lpFeeBps: this.feeBps,
    })
  }

  /** Applies a quote the pool accepted. */
  apply(buyA: boolean, q: SwapQuote): void {
    if (buyA) {
      this.b = q.reserveIn
      this.a = q.reserveOut
    } else {
      this.a = q.reserveIn
      this.b = q.reserveOut
    }
  }

  /** LP holders with a positive balance, in insertion order. */
  positiveHolders(): [string, bigint][] {
    return [...this.holders.entries()].filter(([, v]) => v > 0n)
  }
}
