import { describe, expect, it } from 'vitest'
import { computeMetrics } from '../../../src/harness/metrics/computeMetrics.ts'
import { buildReport, formatReportJson } from '../../../src/harness/report/buildReport.ts'
import { formatDuration, formatMoney, formatPercent, formatTime } from '../../../src/harness/report/format.ts'
import { formatTerminal } from '../../../src/harness/report/formatTerminal.ts'
import { stableStringify } from '../../../src/harness/report/stableJson.ts'
import { buildRun, DAY, T0 } from '../metrics/runBuilder.ts'
import { makeDcaRun } from './fixtures/dcaRun.ts'

describe('stableStringify', () => {
  it('sorts keys at every level and writes bigint as strings', () => {
    expect(stableStringify({ b: 1, a: { d: [2n, { z: 1, y: undefined, x: null }], c: 'x' } })).toBe(
      '{\n  "a": {\n    "c": "x",\n    "d": [\n      "2",\n      {\n        "x": null,\n        "z": 1\n      }\n    ]\n  },\n  "b": 1\n}\n',
    )
  })
  it('rejects values JSON would silently change', () => {
    expect(() => stableStringify({ a: [1, Number.NaN] })).toThrow(/non-finite number[\s\S]*at: \$\.a\[1\]/)
    expect(() => stableStringify({ m: new Map() })).toThrow(/Map\/Set/)
  })
})

describe('JSON report', () => {
  it('is byte-identical across runs and independent of key insertion order', () => {
    const a = formatReportJson(makeDcaRun({ seed: 5, hours: 48 }))
    const run = makeDcaRun({ seed: 5, hours: 48 })
    run.meta = Object.fromEntries(Object.entries(run.meta).reverse()) as typeof run.meta
    expect(formatReportJson(run)).toBe(a)
    expect(a.indexOf('"cashflows"')).toBeLessThan(a.indexOf('"meta"'))
    expect(a).not.toMatch(/e[+-]\d/)
  })
  it('carries metrics, trades and the equity series (issue 12 item 11)', () => {
    const run = makeDcaRun({ hours: 24 })
    const r = buildReport(run, { includeSamples: true })
    expect(r.schema).toBe('afk.backtest-report/1')
    expect(r.metrics).toEqual(computeMetrics(run))
    expect(r.trades).toHaveLength(run.trades.length)
    expect(r.samples).toHaveLength(25)
    expect(buildReport(run).samples).toEqual(run.samples)
    expect(buildReport(run, { includeSamples: false }).samples).toBeUndefined()
  })
})

describe('formatting helpers', () => {
  it('formats raw units exactly', () => {
    expect(formatMoney(1234567890123n, 12, 2)).toBe('1.23')
    expect(formatMoney('1234567890123456789', 12, 4)).toBe('1,234,567.8901')
    expect(formatMoney(-5n, 3, 2)).toBe('-0.01')
    expect(formatMoney(-4n, 3, 2)).toBe('0.00')
    expect(formatMoney(7n, 0, 2)).toBe('7.00')
  })
  it('formats fractions as percentages with half-up rounding', () => {
    expect(formatPercent('0.07761876')).toBe('7.76%')
    expect(formatPercent('-0.14237371')).toBe('-14.24%')
    expect(formatPercent('0.00005')).toBe('0.01%')
    expect(formatPercent(null)).toBe('n/a')
    expect(formatPercent('12.5')).toBe('1250.00%')
  })
  it('formats durations and UTC times', () => {
    expect(formatDuration(3 * 86_400_000 + 4 * 3_600_000)).toBe('3d 4h')
    expect(formatDuration(90 * 60_000)).toBe('1h 30m')
    expect(formatTime(Date.UTC(2025, 0, 2, 3, 4))).toBe('2025-01-02 03:04Z')
  })
})

describe('terminal summary', () => {
  const run = makeDcaRun({ seed: 1, hours: 48 })
  const m = computeMetrics(run)
  it('aligns values in one column and has no colour codes when not a TTY', () => {
    const text = formatTerminal(run, m)
    expect(text).not.toContain('\x1b[')
    const rows = text.split('\n').filter((l) => l.startsWith('  '))
    const cols = new Set(rows.map((l) => (l.match(/^ {2}\S.*? {2,}(?=\S)/) as RegExpMatchArray)[0].length))
    expect(cols.size).toBe(1)
    expect(text).toMatch(/Sharpe +-?\d+\.\d{4}/)
    expect(text).toMatch(/Orders +\d+ \(\d+ filled/)
    expect(text).toContain('DCA average entry')
  })
  it('caps exploding annualized figures of short windows in the display only', () => {
    // +5 % in one day annualizes to 1.05^365 − 1 ≈ 5.5e7
    const short = buildRun({
      samples: [
        { t: T0, value: 10000 },
        { t: T0 + DAY, value: 10500 },
      ],
    })
    const mm = computeMetrics(short)
    expect(Number(mm.spot.cagr)).toBeGreaterThan(5e7)
    const text = formatTerminal(short, mm)
    expect(text).toMatch(/CAGR \(short window\) +> 10000\.00%/)
    expect(text).toMatch(/IRR \(money-weighted\) \(short window\) +> 10000\.00%/)
    expect(text).toMatch(/TWR +5\.00%/)
  })
  it('colours good/bad values on a TTY', () => {
    const text = formatTerminal(run, m, { color: true })
    expect(text).toContain('\x1b[1;36mReturns\x1b[0m')
    expect(text.includes('\x1b[32m') || text.includes('\x1b[31m')).toBe(true)
  })
})

describe('state timeline', () => {
  it('splits the run at every state change and adds up the time in each state', async () => {
    const { stateTimeline } = await import('../../../src/harness/report/stateTimeline.ts')
    const run = makeDcaRun({ hours: 24 })
    const { start, end } = run.meta
    const tl = stateTimeline({
      ...run,
      events: [
        { t: start + 1000, from: 'idle', to: 'busy', cause: 'Cron' },
        { t: start + 3000, from: 'busy', to: 'idle', cause: 'Credit-Notice' },
      ],
    })
    expect(tl?.states).toEqual(['idle', 'busy'])
    expect(tl?.segments).toEqual([
      [start, start + 1000, 0],
      [start + 1000, start + 3000, 1],
      [start + 3000, end, 0],
    ])
    expect(tl?.summary).toEqual([
      { state: 'idle', entries: 2, ms: end - start - 2000 },
      { state: 'busy', entries: 1, ms: 2000 },
    ])
    expect(stateTimeline({ ...run, events: undefined })).toBeNull()
  })
})
