import type { CashFlow } from '../report/types.ts'
import type { BaselineAllocation } from './baselineAllocation.ts'
import type { PortfolioPool } from './PortfolioTracker.ts'

/**
 * The buy-and-hold baseline of a multi-pool run: each cash flow, once every pool it buys on has liquidity, is split
 * by the allocation's bps (⌊amount · bps / 10000⌋, truncated toward zero for a withdrawal, as the single-pool baseline)
 * and each part buys its asset at spot (⌊part · R_asset / R_numeraire⌋); what the split leaves stays in the numeraire.
 * Its value is that cash plus every holding at spot (floor). With one asset at 100 % this is exactly the single-pool
 * baseline. Integer maths only.
 */
export class BaselinePortfolio {
  private readonly units = new Map<string, bigint>()
  private cash = 0n
  private applied = 0
  private readonly pools: Array<{ bps: bigint; token: string; pool: PortfolioPool }>

  constructor(
    allocation: BaselineAllocation,
    pools: readonly PortfolioPool[],
    private readonly heightAt: (t: number) => number,
  ) {
    this.pools = allocation.weights.map((w) => {
      const pool = pools.find((p) => p.info.base.id === w.token)
      if (!pool) throw new Error(`baseline asset ${w.token} has no pool in the market`)
      return { ...w, pool }
    })
  }

  /** Applies the cash flows due at `t`, then values the holdings at `t` (pool reserves read now). */
  async value(t: number, flows: readonly CashFlow[]): Promise<bigint> {
    const at = { timestamp: t, blockHeight: this.heightAt(t) }
    const spot = await Promise.all(
      this.pools.map(async ({ pool: { info, pool } }) => {
        const r = await pool.reserves(at)
        return info.base.id === info.tokenA ? { asset: r.a, num: r.b } : { asset: r.b, num: r.a }
      }),
    )
    const liquid = spot.every((r) => r.asset > 0n && r.num > 0n)
    while (liquid && this.applied < flows.length && flows[this.applied].t <= t) {
      const amount = BigInt(flows[this.applied].amount)
      let spent = 0n
      this.pools.forEach((p, i) => {
        const part = (amount * p.bps) / 10_000n
        spent += part
        this.units.set(p.token, (this.units.get(p.token) ?? 0n) + (part * spot[i].asset) / spot[i].num)
      })
      this.cash += amount - spent
      this.applied++
    }
    let value = this.cash
    this.pools.forEach((p, i) => {
      if (spot[i].asset > 0n) value += ((this.units.get(p.token) ?? 0n) * spot[i].num) / spot[i].asset
    })
    return value
  }
}
