import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { runBacktest } from '../../../src/harness/backtest.ts'
import { computeMetrics, computeMetricsDetailed } from '../../../src/harness/metrics/computeMetrics.ts'
import { buildReport, formatReportJson } from '../../../src/harness/report/buildReport.ts'
import { chartData } from '../../../src/harness/report/chartData.ts'
import { downsample, REPORT_MAX_POINTS } from '../../../src/harness/report/downsample.ts'
import type { BacktestRun } from '../../../src/harness/report/types.ts'
import { synthPoolLog } from '../../../src/harness/synth/synthPoolLog.ts'

// Flat memory for long runs (issue 13): the report's series stay bounded however long the log is, while every
// metric is still computed from the full series. Memory itself is measured in `npm run bench` (AFK_BENCH_BIG=1).
const range = (n: number) => Array.from({ length: n }, (_, i) => i)

describe('downsample', () => {
  it('returns a series of at most max points unchanged (the same array)', () => {
    const a = range(REPORT_MAX_POINTS)
    expect(downsample(a)).toBe(a)
    expect(downsample([])).toEqual([])
  })

  it('keeps every 2^k-th point and the last, never more than max, deterministically', () => {
    for (const n of [9, 10, 17, 100, 1000, 4097, 100_000]) {
      const out = downsample(range(n), 8)
      expect(out.length).toBeLessThanOrEqual(8)
      expect(out[0]).toBe(0)
      expect(out.at(-1)).toBe(n - 1)
      const stride = (out[1] as number) - (out[0] as number)
      expect(Math.log2(stride) % 1).toBe(0)
      for (let i = 1; i < out.length - 1; i++) expect(out[i]).toBe(i * stride)
      expect(downsample(range(n), 8)).toEqual(out)
    }
    expect(downsample(range(9), 8)).toEqual([0, 2, 4, 6, 8])
    expect(downsample(range(10), 8)).toEqual([0, 2, 4, 6, 8, 9])
    expect(() => downsample(range(10), 1)).toThrow(RangeError)
  })
})

describe('report of a run with more samples than REPORT_MAX_POINTS', () => {
  let run: BacktestRun
  beforeAll(async () => {
    const log = join(mkdtempSync(join(tmpdir(), 'afk-downsample-')), 'pool.ndjson')
    await synthPoolLog({ seed: 5, events: 3000, out: log })
    // one sample a minute over the log's ~2 days: more samples than the report keeps
    run = await runBacktest({
      strategy: 'agents/dca.ts',
      engine: 'ts',
      processes: 'model',
      log,
      params: { amount: '1000000000000', slippageBps: 100 },
      sampleEveryMs: 60_000,
    })
  }, 120_000)

  it('keeps at most REPORT_MAX_POINTS samples, first and last included, and says so', () => {
    expect(run.samples.length).toBeGreaterThan(REPORT_MAX_POINTS)
    const report = buildReport(run)
    const samples = report.samples ?? []
    expect(samples.length).toBeLessThanOrEqual(REPORT_MAX_POINTS)
    expect(samples[0]).toEqual(run.samples[0])
    expect(samples.at(-1)).toEqual(run.samples.at(-1))
    expect(report.downsampled?.samples).toEqual({ kept: samples.length, of: run.samples.length })
    // the trades table keeps every trade
    expect(report.trades).toEqual(run.trades)
    expect(formatReportJson(run)).toBe(formatReportJson(run))
  })

  it('computes the metrics from the full series, not from the kept samples', () => {
    const report = buildReport(run)
    expect(report.metrics).toEqual(computeMetrics(run))
    const thin = computeMetrics({ ...run, samples: report.samples ?? [] })
    // planted drift: metrics of the thinned series differ (so the comparison above can fail)
    expect(thin.window.periods).not.toBe(report.metrics.window.periods)
  })

  it('bounds every chart series of the HTML', () => {
    const c = chartData(run, computeMetricsDetailed(run))
    for (const series of [c.equity.t, c.holdings.t, c.drawdown.t, c.drawdown.agent, c.price.t])
      expect(series.length).toBeLessThanOrEqual(REPORT_MAX_POINTS + run.trades.length)
    expect(c.equity.t.length).toBeLessThanOrEqual(REPORT_MAX_POINTS)
    expect(c.drawdown.t.length).toBeLessThanOrEqual(REPORT_MAX_POINTS)
    expect(c.trades.length).toBe(run.trades.length)
  })

  it('leaves a report of at most REPORT_MAX_POINTS samples exactly as it was', () => {
    const short = { ...run, samples: run.samples.slice(0, REPORT_MAX_POINTS) }
    const report = buildReport(short)
    expect(report.samples).toBe(short.samples)
    expect(report.downsampled).toBeUndefined()
    expect(formatReportJson(short)).not.toContain('downsampled')
  })
})
