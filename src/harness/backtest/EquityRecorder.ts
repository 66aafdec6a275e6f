import type { AgentEngine } from '../../engine/types.ts'
import type { MarketInfo } from '../market/marketInfo.ts'
import type { PoolAdapter } from '../market/PoolAdapter.ts'
import type { CashFlow, EquitySample } from '../report/types.ts'
import type { AgentTracker } from './AgentTracker.ts'
import { equitySample } from './equitySample.ts'
import { PackedSamples } from './PackedSamples.ts'

/**
 * Takes equity samples: after every agent tick, on the first event of each `everyMs` period, and at the end. At most
 * one sample per millisecond (a later one replaces it). The buy-and-hold baseline has the agent's cash flows: each
 * deposit buys base (each withdrawal sells it) at the spot price of the first sample with liquidity after it.
 */
export class EquityRecorder {
  private readonly list: EquitySample[] | PackedSamples
  /** the samples so far (with `packed`, a read-only view that decodes them) */
  readonly samples: EquitySample[]
  private baselineBase = 0n
  private appliedFlows = 0
  private next: number

  constructor(
    private readonly p: {
      info: MarketInfo
      pool: PoolAdapter
      tracker: AgentTracker
      engine: AgentEngine
      heightAt: (t: number) => number
      start: number
      everyMs: number
      /** per-asset weights at a sample (multi-pool runs); undefined leaves the sample without */
      weights?: (t: number) => Promise<Record<string, string> | undefined>
      /**
       * multi-pool runs: the whole portfolio's value (every asset in the numeraire), which replaces the primary
       * pool's base + quote in `valueSpot` and `valueLiquidation`, so PnL and returns count every holding
       */
      portfolioValue?: (t: number) => Promise<{ spot: bigint; liquidation: bigint }>
      /** multi-pool runs: the baseline's value given the cash flows so far (BaselinePortfolio), replacing `baseline` */
      baselineValue?: (t: number, flows: readonly CashFlow[]) => Promise<bigint>
      /** keep the samples packed (`PackedSamples`): about half the memory, for long runs */
      packed?: boolean
    },
  ) {
    this.next = p.start
    const packed = p.packed ? new PackedSamples() : undefined
    this.list = packed ?? []
    this.samples = packed ? packed.view : (this.list as EquitySample[])
  }

  async reserves(t: number): Promise<{ base: bigint; quote: bigint }> {
    const r = await this.p.pool.reserves({ timestamp: t, blockHeight: this.p.heightAt(t) })
    return this.p.info.base.id === this.p.info.tokenA ? { base: r.a, quote: r.b } : { base: r.b, quote: r.a }
  }

  /** Called after each evaluation; `tick` = an agent cron message. */
  after(t: number, tick: boolean): Promise<void> | undefined {
    const due = t >= this.next
    // most events are neither: no promise for them (the replay calls this after every step)
    if (!tick && !due) return undefined
    return this.sampleAfter(t, tick, due)
  }

  private async sampleAfter(t: number, tick: boolean, due: boolean): Promise<void> {
    if (tick || due) await this.sample(t)
    if (due) this.next = (Math.floor(t / this.p.everyMs) + 1) * this.p.everyMs
  }

  async sample(t: number): Promise<void> {
    const { info, tracker } = this.p
    const list = this.list
    const lastT = list instanceof PackedSamples ? list.lastT() : list[list.length - 1]?.t
    if (lastT === t) list.pop()
    const r = await this.reserves(t)
    const flows = tracker.cashflows
    while (
      r.base > 0n &&
      r.quote > 0n &&
      this.appliedFlows < flows.length &&
      flows[this.appliedFlows].t <= t
    ) {
      this.baselineBase += (BigInt(flows[this.appliedFlows].amount) * r.base) / r.quote
      this.appliedFlows++
    }
    // only the machine state is sampled: no Status document (on aos a full message encoding all state) per sample
    const value = await this.p.engine.stateValue()
    const weights = await this.p.weights?.(t)
    const sample = equitySample({
      t,
      base: info.base,
      quote: info.quote,
      balBase: tracker.balance(info.base.id),
      balQuote: tracker.balance(info.quote.id),
      reserveBase: r.base,
      reserveQuote: r.quote,
      lpFeeBps: info.lpFeeBps,
      protocolFeeBps: info.protocolFeeBps,
      baselineBase: this.baselineBase,
      state: value,
    })
    if (this.p.baselineValue) sample.baseline = String(await this.p.baselineValue(t, flows))
    const whole = await this.p.portfolioValue?.(t)
    if (whole) {
      sample.valueSpot = String(whole.spot)
      sample.valueLiquidation = String(whole.liquidation)
    }
    list.push(weights ? { ...sample, weights } : sample)
  }
}
