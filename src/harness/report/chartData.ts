import type { ComputedMetrics } from '../metrics/computeMetrics.ts'
import { D, type Dec, unit } from '../metrics/decimal.ts'
import { executionPrice } from '../metrics/tradeStats.ts'
import { downsample, downsampleFrom, downsampleStride, REPORT_MAX_POINTS } from './downsample.ts'
import { type StateTimelineData, stateTimeline } from './stateTimeline.ts'
import type { BacktestRun, TradeRecord } from './types.ts'

type Num = number | null

/** Everything the HTML page plots, as plain numbers (display only: amounts stay integers everywhere else). */
export interface ChartData {
  /** from the first funded sample on (the pre-deposit zero would squash the axis) */
  equity: { t: number[]; spot: number[]; liquidation: number[]; baseline: number[] }
  /** what the agent holds: base valued at spot and quote, in whole quote tokens, and base's share of the value in % */
  holdings: { t: number[]; baseValue: number[]; quote: number[]; exposure: Num[] }
  drawdown: { t: number[]; agent: number[]; baseline: number[] }
  price: { t: number[]; price: Num[]; buy: Num[]; sell: Num[]; refund: Num[]; timeout: Num[] }
  weights: { t: number[]; names: string[]; values: number[][] } | null
  /** the agent's state over time (seconds) and its state changes as event markers */
  timeline: { states: string[]; segments: [number, number, number][] } | null
  events: { t: number[]; state: number[]; label: string[] } | null
  /**
   * trades table rows: time (s), side, status, base amount, quote amount (bought/sold and paid/received, whole
   * tokens), expected out and fee (with their token), price (quote per base), reason
   */
  trades: [number, string, string, string, string, string, string, string, string][]
}

const num = (d: Dec) => d.toSignificantDigits(12).toNumber()
const sec = (ms: number) => ms / 1000

/**
 * Builds chart series from a run and its computed curves: times in seconds, values in whole tokens. Series longer
 * than REPORT_MAX_POINTS are thinned (`downsample`); trades are all kept.
 */
export function chartData(
  run: BacktestRun,
  computed: ComputedMetrics,
  /**
   * tradeRows false: leave `trades` empty (the HTML writer makes each row with `tradeRow` as it writes it);
   * timeline: `stateTimeline(run)` when the caller has it already (a long run has one segment per state change)
   */
  o: { tradeRows?: boolean; timeline?: StateTimelineData | null } = {},
): ChartData {
  const qu = unit(run.meta.quote.denomination)
  const bu = unit(run.meta.base.denomination)
  const whole = (raw: string, u: Dec) => num(new D(raw).div(u))
  const funded = run.samples.findIndex((x) => BigInt(x.valueSpot) > 0n)
  const s = downsampleFrom(run.samples, funded > 0 ? funded : 0)
  const equity = {
    t: s.map((x) => sec(x.t)),
    spot: s.map((x) => whole(x.valueSpot, qu)),
    liquidation: s.map((x) => whole(x.valueLiquidation, qu)),
    baseline: s.map((x) => whole(x.baseline, qu)),
  }
  const { spot, baseline } = computed.curves
  const drawdown = {
    t: downsample(spot.times).map(sec),
    agent: downsample(spot.drawdownSeries).map((d) => -num(d.times(100))),
    baseline: downsample(baseline.drawdownSeries).map((d) => -num(d.times(100))),
  }

  // price axis: union of sample and trade times; markers sit at the execution price (spot for unfilled orders)
  const times = [...new Set([...s.map((x) => x.t), ...run.trades.map((x) => x.t)])].sort((a, b) => a - b)
  const at = new Map(times.map((t, i) => [t, i]))
  const blank = () => times.map((): Num => null)
  const price = {
    t: times.map(sec),
    price: blank(),
    buy: blank(),
    sell: blank(),
    refund: blank(),
    timeout: blank(),
  }
  // price 0 means no market yet (pool not spawned in the replay): leave a gap instead of plunging to zero
  for (const x of s) if (new D(x.price).gt(0)) price.price[at.get(x.t) as number] = num(new D(x.price))
  let si = 0
  for (const trade of run.trades) {
    while (si + 1 < s.length && s[si + 1].t <= trade.t) si++
    const i = at.get(trade.t) as number
    const p = trade.status === 'filled' ? executionPrice(run, trade) : null
    const y = p ? num(p) : num(new D(s[si].price))
    const lane = trade.status === 'filled' ? trade.side : trade.status === 'refunded' ? 'refund' : 'timeout'
    price[lane][i] = y
  }

  const withWeights = s.filter((x) => x.weights)
  const names = [...new Set(withWeights.flatMap((x) => Object.keys(x.weights ?? {})))].sort()
  const weights = withWeights.length
    ? {
        t: withWeights.map((x) => sec(x.t)),
        names,
        values: names.map((n) => withWeights.map((x) => num(new D(x.weights?.[n] ?? '0').times(100)))),
      }
    : null

  const holdings = {
    t: s.map((x) => sec(x.t)),
    baseValue: s.map((x) => num(new D(x.base).div(bu).times(x.price))),
    quote: s.map((x) => whole(x.quote, qu)),
    exposure: s.map((x): Num => {
      const v = new D(x.base).div(bu).times(x.price).plus(new D(x.quote).div(qu))
      return v.gt(0) ? num(new D(x.base).div(bu).times(x.price).div(v).times(100)) : null
    }),
  }

  const trades = o.tradeRows === false ? [] : run.trades.map((x) => tradeRow(run, x))
  const tl: StateTimelineData | null = o.timeline !== undefined ? o.timeline : stateTimeline(run)
  const timeline = tl
    ? {
        states: tl.states,
        segments: thinSegments(tl.segments).map(([a, b, i]): [number, number, number] => [sec(a), sec(b), i]),
      }
    : null
  const marks = run.events ? downsample(run.events) : undefined
  const events =
    tl && marks?.length
      ? {
          t: marks.map((e) => sec(e.t)),
          state: marks.map((e) => tl.states.indexOf(e.to)),
          label: marks.map((e) => `${e.from} → ${e.to} (${e.cause})`),
        }
      : null
  return { equity, holdings, drawdown, price, weights, timeline, events, trades }
}

/** One row of the trades table (see `ChartData.trades`). */
export function tradeRow(run: BacktestRun, x: TradeRecord): ChartData['trades'][number] {
  const bu = unit(run.meta.base.denomination)
  const qu = unit(run.meta.quote.denomination)
  const bt = run.meta.base.ticker
  const qt = run.meta.quote.ticker
  const buy = x.side === 'buy'
  const p = x.status === 'filled' ? executionPrice(run, x) : null
  const fmt = (raw: string, u: Dec) => new D(raw).div(u).toSignificantDigits(10).toString()
  return [
    sec(x.t),
    x.side,
    x.status,
    fmt(buy ? x.amountOut : x.amountIn, bu),
    fmt(buy ? x.amountIn : x.amountOut, qu),
    `${fmt(x.expectedOut, buy ? bu : qu)} ${buy ? bt : qt}`,
    `${fmt(x.fee, buy ? qu : bu)} ${buy ? qt : bt}`,
    p ? p.toSignificantDigits(8).toString() : '',
    x.reason ?? '',
  ]
}

/**
 * At most REPORT_MAX_POINTS timeline segments for the strip: beyond that, each kept segment (every 2^k-th) stretches
 * to the start of the next kept one, so the strip has no gaps. The time-per-state table uses every segment.
 */
function thinSegments(segments: [number, number, number][]): [number, number, number][] {
  if (segments.length <= REPORT_MAX_POINTS) return segments
  const stride = downsampleStride(segments.length)
  const out: [number, number, number][] = []
  for (let i = 0; i < segments.length; i += stride) {
    const [a, , state] = segments[i]
    const next = segments[i + stride]
    out.push([a, next ? next[0] : (segments[segments.length - 1] as [number, number, number])[1], state])
  }
  return out
}
