import { rootTag } from '../../ao/aosMessage.ts'
import { BotegaSwapError, botegaSwap } from '../../models/botegaSwap.ts'
import type { MarketInfo } from '../market/marketInfo.ts'
import type { PoolAdapter } from '../market/PoolAdapter.ts'
import type { Portfolio, TokenMeta } from '../report/types.ts'
import type { Evaluation } from '../world/World.ts'

const PPM = 1_000_000n

/** A ppm share as a decimal string with 6 places (`0.250000`). */
export function ppmString(ppm: bigint): string {
  const s = ppm.toString().padStart(7, '0')
  return `${s.slice(0, -6)}.${s.slice(-6)}`
}

export interface PortfolioPool {
  info: MarketInfo
  pool: PoolAdapter
}

/**
 * The agent's holdings across every pool of a multi-pool market, from the outside like `AgentTracker`: balances from
 * the tokens' Credit-/Debit-Notices to the agent, each asset valued in the numeraire at its pool's spot price
 * (⌊balance · R_numeraire / R_asset⌋), weights as ppm of the total (floor), shown with 6 decimals. Integer maths only.
 */
export class PortfolioTracker {
  private readonly balances = new Map<string, bigint>()
  private readonly tokens: Set<string>

  constructor(
    private readonly agent: string,
    private readonly numeraire: TokenMeta,
    readonly pools: PortfolioPool[],
    private readonly heightAt: (t: number) => number,
  ) {
    this.tokens = new Set([numeraire.id, ...pools.map((p) => p.info.base.id)])
  }

  observe(e: Evaluation): void {
    if (e.process !== this.agent || e.result.Error !== undefined) return
    const m = e.message
    if (!this.tokens.has(m.From)) return
    const action = rootTag(m, 'Action')
    const q = rootTag(m, 'Quantity') ?? ''
    if (!/^\d+$/.test(q)) return
    const sign = action === 'Credit-Notice' ? 1n : action === 'Debit-Notice' ? -1n : 0n
    if (sign !== 0n) this.balances.set(m.From, (this.balances.get(m.From) ?? 0n) + sign * BigInt(q))
  }

  /** Holdings, values and weights at time `t` (pool reserves read now). */
  async at(t: number): Promise<Portfolio> {
    const at = { timestamp: t, blockHeight: this.heightAt(t) }
    const rows: { token: TokenMeta; pool?: string; balance: bigint; value: bigint }[] = []
    const nb = this.balances.get(this.numeraire.id) ?? 0n
    rows.push({ token: this.numeraire, balance: nb, value: nb })
    for (const { info, pool } of this.pools) {
      const r = await pool.reserves(at)
      const [ra, rn] = info.base.id === info.tokenA ? [r.a, r.b] : [r.b, r.a]
      const bal = this.balances.get(info.base.id) ?? 0n
      rows.push({ token: info.base, pool: info.pool, balance: bal, value: ra === 0n ? 0n : (bal * rn) / ra })
    }
    const total = rows.reduce((s, r) => s + r.value, 0n)
    // assets' weights are floored; the numeraire takes the remainder so the weights sum to exactly 1
    const ppm = rows.map((r) => (total === 0n ? 0n : (r.value * PPM) / total))
    if (total > 0n) ppm[0] = PPM - ppm.slice(1).reduce((s, w) => s + w, 0n)
    return {
      numeraire: this.numeraire,
      assets: rows.map((r, i) => ({
        token: r.token,
        ...(r.pool !== undefined ? { pool: r.pool } : {}),
        balance: String(r.balance),
        value: String(r.value),
        weight: ppmString(ppm[i]),
      })),
      value: String(total),
    }
  }

  /**
   * The whole portfolio's value in the numeraire for an equity sample: at spot (as `at`), and if every asset were
   * sold through its pool's curve after fees (0 for an asset its pool would refuse), floor rounding throughout.
   */
  async values(t: number): Promise<{ spot: bigint; liquidation: bigint }> {
    const at = { timestamp: t, blockHeight: this.heightAt(t) }
    const nb = this.balances.get(this.numeraire.id) ?? 0n
    let [spot, liquidation] = [nb, nb]
    for (const { info, pool } of this.pools) {
      const r = await pool.reserves(at)
      const [ra, rn] = info.base.id === info.tokenA ? [r.a, r.b] : [r.b, r.a]
      const bal = this.balances.get(info.base.id) ?? 0n
      if (bal === 0n || ra === 0n) continue
      spot += (bal * rn) / ra
      try {
        liquidation += botegaSwap(ra, rn, bal, info.lpFeeBps, info.protocolFeeBps).amountOut
      } catch (e) {
        if (!(e instanceof BotegaSwapError)) throw e
      }
    }
    return { spot, liquidation }
  }

  /** Weights by ticker for an equity sample; undefined while the portfolio is empty. */
  async weights(t: number): Promise<Record<string, string> | undefined> {
    const p = await this.at(t)
    if (p.value === '0') return undefined
    return Object.fromEntries(p.assets.map((a) => [a.token.ticker, a.weight]))
  }
}
