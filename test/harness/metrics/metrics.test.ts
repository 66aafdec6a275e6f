import { describe, expect, it } from 'vitest'
import { computeMetrics } from '../../../src/harness/metrics/computeMetrics.ts'
import { D } from '../../../src/harness/metrics/decimal.ts'
import { drawdown } from '../../../src/harness/metrics/drawdown.ts'
import { xirr } from '../../../src/harness/metrics/irr.ts'
import { resample, samplingPeriodMs } from '../../../src/harness/metrics/sampling.ts'
import { makeDcaRun } from '../report/fixtures/dcaRun.ts'
import { buildRun, DAY, HOUR, T0, YEAR } from './runBuilder.ts'

describe('risk ratios (daily samples, K = 365)', () => {
  // returns +10 %, −5 %, +2 % by hand: mean 0.0233…, sample stdev 0.0750555…
  const run = buildRun({
    samples: [10000, 11000, 10450, 10659].map((value, i) => ({ t: T0 + i * DAY, value })),
  })
  const m = computeMetrics(run)

  it('infers the sampling period and K from the spacing', () => {
    expect(m.window.samplingPeriodMs).toBe(DAY)
    expect(m.window.periodsPerYear).toBe('365.0000')
    expect(m.window.periods).toBe(3)
  })
  it('Sharpe = mean/stdev(ddof=1)·√365', () => expect(m.spot.sharpe).toBe('5.9394'))
  it('Sortino uses downside deviation over all periods', () => expect(m.spot.sortino).toBe('15.4424'))
  it('volatility = stdev·√K', () => expect(m.spot.volatility).toBe('1.43393398'))
  it('TWR chains period returns', () => expect(m.spot.twr).toBe('0.06590000'))
  it('flags a window shorter than 30 days', () => expect(m.window.shortWindow).toBe(true))
  it('risk-free rate lowers Sharpe', () => {
    const withRf = computeMetrics(run, { riskFree: '0.365' })
    // r_f per day = 0.001: mean excess 0.0223333…, same stdev
    expect(withRf.spot.sharpe).toBe('5.6848')
  })
})

describe('drawdown', () => {
  const values = [100, 120, 90, 110, 130, 80]
  const times = values.map((_, i) => T0 + i * HOUR)
  const dd = drawdown(
    times,
    values.map((v) => new D(v)),
  )
  it('is measured from the running peak', () => {
    expect(dd.depth.toFixed(8)).toBe('0.38461538')
    expect(dd.peakT).toBe(times[4])
    expect(dd.troughT).toBe(times[5])
    expect(dd.recoveryT).toBeNull()
    expect(dd.durationMs).toBe(HOUR)
  })
  it('reports the longest underwater period (120 → back above at 130)', () =>
    expect(dd.longestUnderwaterMs).toBe(3 * HOUR))
  it('records recovery of the deepest drawdown', () => {
    const v = [100, 50, 75, 100, 90]
    const d2 = drawdown(
      v.map((_, i) => i * 10),
      v.map((x) => new D(x)),
    )
    expect(d2.depth.toFixed(2)).toBe('0.50')
    expect(d2.recoveryT).toBe(30)
    expect(d2.durationMs).toBe(30)
    expect(d2.series.map((x) => x.toFixed(2))).toEqual(['0.00', '0.50', '0.25', '0.00', '0.10'])
  })
})

describe('money-weighted return (XIRR)', () => {
  it('solves a one-year 10 % return', () => {
    expect(
      xirr([
        { t: 0, amount: -1000n },
        { t: YEAR, amount: 1100n },
      ])?.toFixed(10),
    ).toBe('0.1000000000')
  })
  it('solves 1000(1+r)² + 1000(1+r) = 2310 → r = 10 %', () => {
    const r = xirr([
      { t: 0, amount: -1000n },
      { t: YEAR, amount: -1000n },
      { t: 2 * YEAR, amount: 2310n },
    ])
    expect(r?.toFixed(12)).toBe('0.100000000000')
  })
  it('handles a loss', () => {
    expect(
      xirr([
        { t: 0, amount: -1000n },
        { t: YEAR, amount: 800n },
      ])?.toFixed(10),
    ).toBe('-0.2000000000')
  })
  it('is null when flows never change sign', () => {
    expect(
      xirr([
        { t: 0, amount: -1000n },
        { t: YEAR, amount: -5n },
      ]),
    ).toBeNull()
    expect(xirr([{ t: 0, amount: 1000n }])).toBeNull()
  })
})

describe('cash-flow-aware returns through a run', () => {
  // 1000 at t0, +10 % in year 1, deposit 1000 at end of year 1, +10 % in year 2
  const run = buildRun({
    samples: [
      { t: T0, value: 1000 },
      { t: T0 + YEAR, value: 2100 },
      { t: T0 + 2 * YEAR, value: 2310 },
    ],
    cashflows: [{ t: T0 + YEAR, amount: '1000' }],
  })
  const m = computeMetrics(run)
  it('TWR removes the deposit', () => expect(m.spot.twr).toBe('0.21000000'))
  it('CAGR annualizes the TWR', () => expect(m.spot.cagr).toBe('0.10000000'))
  it('IRR over dated flows', () => expect(m.spot.irr).toBe('0.10000000'))
  it('PnL and ROI count the deposit as capital, not gain', () => {
    expect(m.spot.pnl).toBe('310')
    expect(m.spot.roi).toBe('0.15500000')
  })
  it('resamples flows into their grid interval', () => {
    expect(resample(run, 'valueSpot', YEAR).map((p) => [p.value, p.flow])).toEqual([
      [1000n, 0n],
      [2100n, 1000n],
      [2310n, 0n],
    ])
  })
})

describe('trades', () => {
  const run = buildRun({
    samples: [
      { t: T0, value: 1000 },
      { t: T0 + HOUR, value: 1000 },
    ],
    trades: [
      { side: 'buy', amountIn: '1000', expectedOut: '500', amountOut: '495', fee: '3' },
      {
        side: 'sell',
        tokenIn: 'B',
        tokenOut: 'Q',
        amountIn: '100',
        expectedOut: '210',
        amountOut: '200',
        fee: '1',
      },
      { status: 'refunded', amountIn: '1000', expectedOut: '500' },
      { status: 'timeout', amountIn: '1000', expectedOut: '500' },
    ],
  })
  const m = computeMetrics(run)
  it('counts fills, refunds and timeouts', () => {
    expect(m.trades).toMatchObject({
      total: 4,
      fills: 2,
      buys: 1,
      sells: 1,
      refunds: 1,
      timeouts: 1,
      failed: 0,
    })
  })
  it('sums fees, converting base fees at the execution price', () => {
    expect(m.trades.feesQuote).toBe('5') // 3 + floor(1 · 200 / 100)
    expect(m.trades.feesBase).toBe('1')
    expect(m.trades.notionalQuote).toBe('1200')
  })
  it('measures slippage vs the quote in bps', () => {
    expect(m.trades.slippageMeanBps).toBe('288.10')
    expect(m.trades.slippageWeightedBps).toBe('211.27')
    expect(m.trades.slippageWorstBps).toBe('476.19')
  })
  it('turnover = notional / (2·average equity)', () => expect(m.trades.turnover).toBe('0.60000000'))
})

describe('exposure and per-agent figures', () => {
  it('time in market and gross exposure are time-weighted', () => {
    const run = buildRun({
      samples: [
        { t: T0, value: 1000, base: '0', quote: '1000' },
        { t: T0 + HOUR, value: 1000, base: '10', quote: '500' },
        { t: T0 + 2 * HOUR, value: 1100, base: '10', quote: '500' },
      ],
    })
    const m = computeMetrics(run)
    expect(m.exposure).toEqual({
      timeInMarket: '0.50000000',
      avgGrossExposure: '0.25000000',
      maxGrossExposure: '0.54545455',
    })
  })
  it('DCA average entry price vs TWAP, with denominations', () => {
    const run = buildRun({
      agent: 'dca',
      baseDenomination: 3,
      quoteDenomination: 6,
      samples: [
        { t: T0, value: 1, price: '2' },
        { t: T0 + HOUR, value: 1, price: '2.5' },
        { t: T0 + 2 * HOUR, value: 1, price: '9' },
      ],
      trades: [
        { amountIn: '1000000000', amountOut: '500000', expectedOut: '500000' },
        { amountIn: '1000000000', amountOut: '400000', expectedOut: '400000' },
        { status: 'refunded', amountIn: '1000000000' },
      ],
    })
    const dca = computeMetrics(run).agent.dca
    // 2000 quote / 900 base = 2.2222…; TWAP = (2 + 2.5)/2 = 2.25 (last sample holds for 0 time)
    expect(dca).toEqual({
      averageEntryPrice: '2.22222222',
      twap: '2.25000000',
      entryVsTwapBps: '-123.46',
      missedSlots: 1,
    })
  })
  it('TWAP leaves out time without a market (price 0 before the pool exists)', () => {
    const run = buildRun({
      agent: 'dca',
      samples: [
        { t: T0, value: 0, price: '0' },
        { t: T0 + 3 * HOUR, value: 1, price: '2' },
        { t: T0 + 4 * HOUR, value: 1, price: '3' },
        { t: T0 + 5 * HOUR, value: 1, price: '3' },
      ],
      trades: [{ amountIn: '2', amountOut: '1', expectedOut: '1' }],
    })
    expect(computeMetrics(run).agent.dca?.twap).toBe('2.50000000')
  })
  it('IRR of a short window annualizes without leaving the solver bracket', () => {
    // +1 % in one day: (1.01)^365 − 1 = 36.78343433…
    const run = buildRun({
      samples: [
        { t: T0, value: 10000 },
        { t: T0 + DAY, value: 10100 },
      ],
    })
    expect(computeMetrics(run).spot.irr).toBe('36.78343433')
  })
  it('rebalance tracking error vs target weights from params', () => {
    const run = buildRun({
      params: { targetWeights: { A: '0.5', B: '0.5' } },
      samples: [
        { t: T0, value: 1, weights: { A: '0.6', B: '0.4' } },
        { t: T0 + HOUR, value: 1, weights: { A: '0.5', B: '0.5' } },
      ],
    })
    expect(computeMetrics(run).agent.rebalance).toEqual({
      trackingErrorRms: '0.10000000',
      maxWeightDeviation: '0.10000000',
      samples: 2,
    })
  })
  it('hedge drawdown reduction vs the unhedged baseline; liquidation discount; numeraire', () => {
    const run = buildRun({
      agent: 'hedge',
      trades: [{ amountIn: '2', amountOut: '1', expectedOut: '1' }],
      samples: [
        { t: T0, value: 1000, baseline: '1000', valueLiquidation: '1000' },
        { t: T0 + HOUR, value: 900, baseline: '600', valueLiquidation: '880' },
        { t: T0 + 2 * HOUR, value: 1000, baseline: '800', valueLiquidation: '990' },
      ],
    })
    const m = computeMetrics(run, { numeraire: { ticker: 'USD', price: '2.5' } })
    expect(m.spot.maxDrawdown.depth).toBe('0.10000000')
    expect(m.baseline.maxDrawdown.depth).toBe('0.40000000')
    expect(m.agent.hedge?.drawdownReductionVsBaseline).toBe('0.30000000')
    expect(m.liquidation.maxDrawdown.depth).toBe('0.12000000')
    expect(m.liquidationDiscountBps).toBe('100.00')
    expect(m.excessTwrVsBaseline).toBe('0.20000000')
    expect(m.numeraire).toEqual({ ticker: 'USD', price: '2.5', pnl: '0.00000000' })
  })
  it('agent metrics belong to their agent, and a run without orders compares nothing with the baseline', () => {
    const samples = [
      { t: T0, value: 1000, baseline: '1000' },
      { t: T0 + HOUR, value: 1000, baseline: '1610' },
    ]
    const trades = [{ amountIn: '2', amountOut: '1', expectedOut: '1' }]
    const rebalancer = computeMetrics(buildRun({ agent: 'rebalance', samples, trades }))
    expect([rebalancer.agent.dca, rebalancer.agent.hedge]).toEqual([null, null])
    expect(computeMetrics(buildRun({ agent: 'dca', samples, trades })).agent.dca).not.toBeNull()
    const idle = computeMetrics(buildRun({ agent: 'hedge', samples }))
    expect([idle.excessTwrVsBaseline, idle.agent.hedge]).toEqual([null, null])
  })
})

describe('sampling and robustness', () => {
  it('uses the median spacing for irregular samples', () => {
    const run = buildRun({ samples: [0, 1, 2, 4, 5].map((h) => ({ t: T0 + h * HOUR, value: 1 })) })
    expect(samplingPeriodMs(run.samples)).toBe(HOUR)
  })
  it('is deterministic on a generated DCA run', () => {
    const a = JSON.stringify(computeMetrics(makeDcaRun({ seed: 7, hours: 96 })))
    const b = JSON.stringify(computeMetrics(makeDcaRun({ seed: 7, hours: 96 })))
    expect(a).toBe(b)
    const m = JSON.parse(a)
    expect(m.trades.fills + m.trades.refunds + m.trades.timeouts).toBe(m.trades.total)
    expect(BigInt(m.liquidation.end) <= BigInt(m.spot.end)).toBe(true)
  })
  it('degrades to nulls, not NaN, for a single sample or an unfunded agent', () => {
    const one = computeMetrics(buildRun({ samples: [{ t: T0, value: 5 }] }))
    expect(one.window).toMatchObject({ samplingPeriodMs: null, periodsPerYear: null, periods: 0 })
    expect(one.spot).toMatchObject({
      pnl: '0',
      twr: '0.00000000',
      cagr: null,
      irr: null,
      sharpe: null,
      sortino: null,
    })
    const empty = computeMetrics(
      buildRun({ samples: [0, 1, 2].map((h) => ({ t: T0 + h * HOUR, value: 0 })) }),
    )
    expect(empty.spot).toMatchObject({ pnl: '0', roi: null, twr: '0.00000000', irr: null, sharpe: null })
    expect(empty.liquidationDiscountBps).toBeNull()
    expect(JSON.stringify(empty)).not.toMatch(/NaN|Infinity/)
  })
  it('names the field of a bad amount', () => {
    const run = buildRun({
      samples: [
        { t: T0, value: 1 },
        { t: T0 + HOUR, value: 1, valueSpot: '1.5' },
      ],
    })
    expect(() => computeMetrics(run)).toThrowErrorMatchingInlineSnapshot(`
      [InvalidBacktestRunError: Invalid backtest run: amount is not an integer string

      at: samples[1].valueSpot
      value: "1.5"
      hint: amounts are raw token units as integer strings, e.g. "1500000"

      Docs: docs/metrics.md
      Version: afk@0.1.0]
    `)
  })
  it('rejects unsorted samples and empty runs', () => {
    expect(() =>
      computeMetrics(
        buildRun({
          samples: [
            { t: T0 + HOUR, value: 1 },
            { t: T0, value: 1 },
          ],
        }),
      ),
    ).toThrow(/samples\[1\]\.t/)
    expect(() => computeMetrics(buildRun({ samples: [] }))).toThrow(/no equity samples/)
  })
})
