import { describe, expect, it } from 'vitest'
import { computeMetricsDetailed } from '../../../src/harness/metrics/computeMetrics.ts'
import { type CurveResult, curveMetrics } from '../../../src/harness/metrics/curveMetrics.ts'
import { D } from '../../../src/harness/metrics/decimal.ts'
import { type Curve, periodsPerYear, samplingPeriodMs } from '../../../src/harness/metrics/sampling.ts'
import { formatReportJson, reportJsonChunks } from '../../../src/harness/report/buildReport.ts'
import { chartData } from '../../../src/harness/report/chartData.ts'
import { downsample } from '../../../src/harness/report/downsample.ts'
import { renderHtml } from '../../../src/harness/report/renderHtml.ts'
import { stableJsonChunks, stableStringify } from '../../../src/harness/report/stableJson.ts'
import type { BacktestRun, CashFlow } from '../../../src/harness/report/types.ts'
import { makeDcaRun } from '../report/fixtures/dcaRun.ts'
import { fullArrayCurveMetrics } from './fullArrayCurveMetrics.ts'
import { buildRun, DAY, HOUR, T0 } from './runBuilder.ts'

/** mulberry32: the same runs on every machine */
function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32
  }
}

/**
 * A random equity curve with the shapes the formulas branch on: a zero-value start (before the deposit), deep
 * drawdowns with and without recovery, equal peaks, irregular sample gaps, deposits and withdrawals, and separate
 * spot / liquidation / baseline curves. More than REPORT_MAX_POINTS grid points, so chart thinning is exercised.
 */
function randomRun(seed: number, n: number): BacktestRun {
  const r = prng(seed)
  let t = T0
  let v = 0n
  const cashflows: CashFlow[] = []
  const samples = []
  for (let i = 0; i < n; i++) {
    t += r() < 0.1 ? HOUR * (1 + Math.floor(r() * 5)) : r() < 0.05 ? 60_000 : HOUR
    if (i === 3) {
      v += 10_000_000n
      cashflows.push({ t, amount: '10000000' })
    } else if (i > 3 && r() < 0.01) {
      const a = BigInt(Math.floor(r() * 2_000_000)) - 500_000n
      cashflows.push({ t, amount: String(a) })
      v += a
    }
    if (v > 0n) v = (v * BigInt(Math.floor(9_700 + r() * 610))) / 10_000n
    if (i % 500 === 250) v = (v * 3n) / 5n // a crash
    if (v < 0n) v = 0n
    samples.push({
      t,
      value: v,
      valueLiquidation: String((v * 997n) / 1000n),
      baseline: String(v + BigInt(Math.floor(r() * 100_000))),
    })
  }
  return buildRun({ samples, cashflows })
}

const CURVES: Curve[] = ['valueSpot', 'valueLiquidation', 'baseline']

/** Differences between the streaming metrics of `run` and the full-array oracle on `oracleRun` (empty: none). */
function differences(run: BacktestRun, oracleRun: BacktestRun = run, quick = false): string[] {
  const out: string[] = []
  const inferred = samplingPeriodMs(run.samples)
  const settings = quick
    ? [{ periodMs: inferred, riskFree: '0' }]
    : [
        { periodMs: inferred, riskFree: '0' },
        { periodMs: inferred, riskFree: '0.05' },
        { periodMs: DAY, riskFree: '0.05' },
      ]
  for (const { periodMs, riskFree } of settings) {
    const opts = {
      periodMs,
      periodsPerYear: periodMs ? periodsPerYear(periodMs) : null,
      riskFree: new D(riskFree),
    }
    for (const curve of CURVES) {
      const got: CurveResult = curveMetrics(run, curve, opts)
      const want = fullArrayCurveMetrics(oracleRun, curve, opts)
      const at = `${curve} every ${periodMs} ms, rf ${riskFree}`
      const same = (what: string, a: unknown, b: unknown) => {
        if (JSON.stringify(a) !== JSON.stringify(b)) out.push(`${at}: ${what}`)
      }
      same('metrics', got.metrics, want.metrics)
      same('twr', got.twr.toString(), want.twr.toString())
      same('depth', got.depth.toString(), want.depth.toString())
      same('points', got.points, want.times.length)
      // the chart series: exactly what `downsample` keeps of the full arrays
      same('chart times', got.times, downsample(want.times))
      same('chart drawdown', got.drawdownSeries.map(String), downsample(want.drawdownSeries).map(String))
    }
  }
  return out
}

describe('streaming curve metrics = the full-array formulas', () => {
  it('on a random curve with > 2,048 grid points (chart thinning)', () => {
    const run = randomRun(1, 2_000)
    expect(
      curveMetrics(run, 'valueSpot', { periodMs: HOUR, periodsPerYear: null, riskFree: new D(0) }).points,
    ).toBeGreaterThan(2_048)
    expect(differences(run, run, true)).toEqual([])
  })
  it('on more random curves, several periods and risk-free rates', () => {
    for (const seed of [2, 3]) expect(differences(randomRun(seed, 300))).toEqual([])
  })
  it('on short and degenerate runs', () => {
    const runs = [
      randomRun(9, 6),
      buildRun({ samples: [{ t: T0, value: 5 }] }),
      buildRun({ samples: [0, 0, 0].map((value, i) => ({ t: T0 + i * HOUR, value })) }),
      buildRun({ samples: [100, 50, 100, 50, 100].map((value, i) => ({ t: T0 + i * HOUR, value })) }),
      buildRun({ samples: [100, 60, 80, 40, 100, 120].map((value, i) => ({ t: T0 + i * HOUR, value })) }),
    ]
    for (const run of runs) expect(differences(run)).toEqual([])
  })
  it('on the DCA fixture run (trades, deposit, top-up, withdrawal)', () => {
    expect(differences(makeDcaRun({ seed: 7, hours: 24 * 20 }))).toEqual([])
  })
  it('a planted drift fails the comparison', () => {
    const run = randomRun(2, 300)
    const drifted = structuredClone(run)
    for (const s of drifted.samples.slice(150, 160)) s.valueSpot = String(BigInt(s.valueSpot) + 1n)
    expect(differences(drifted, run, true).join('\n')).toMatch(/valueSpot .*: metrics/)
  })
})

describe('reports written in pieces are the same bytes', () => {
  it('stableJsonChunks = stableStringify on awkward values', () => {
    const long = Array.from({ length: 100 }, (_, i) =>
      i % 7 === 0
        ? undefined
        : i % 5 === 0
          ? { z: [], a: {}, m: [1, { x: -0, y: 10n, u: undefined }], s: 'a\nb</script>\u2028' }
          : [i, `${i}`, null],
    )
    const values = [
      { b: long, a: { c: long.slice(0, 3), d: [] }, e: 'x' },
      long,
      [],
      {},
      'x',
      3,
      { k: [[[long]]] },
    ]
    for (const v of values) expect([...stableJsonChunks(v)].join('')).toBe(stableStringify(v))
    expect(() => [...stableJsonChunks({ a: long.map(() => Number.NaN) })]).toThrow(/non-finite/)
  })
  it('the report JSON of a run with > 64 trades, samples and events', () => {
    const run = makeDcaRun({ seed: 3, hours: 24 * 20 })
    run.events = run.samples.map((x, i) => ({ t: x.t, from: `s${i}`, to: `s${i + 1}`, cause: 'Cron' }))
    expect(run.trades.length).toBeGreaterThan(64)
    expect([...reportJsonChunks(run)].join('')).toBe(formatReportJson(run))
  })
  it('the HTML page embeds exactly the stable JSON of its chart data', () => {
    const run = makeDcaRun({ seed: 3, hours: 24 * 20 })
    const html = renderHtml(run)
    const data = html.split('<script type="application/json" id="afk-data">')[1].split('</script>')[0]
    const payload = {
      base: run.meta.base.ticker,
      quote: run.meta.quote.ticker,
      charts: chartData(run, computeMetricsDetailed(run)),
    }
    expect(data).toBe(stableStringify(payload).trimEnd().replace(/</g, '\\u003c'))
  })
})
