import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { EventColumns } from '../../../src/harness/backtest/EventColumns.ts'
import { PackedSamples } from '../../../src/harness/backtest/PackedSamples.ts'
import { runBacktestDetailed } from '../../../src/harness/backtest.ts'
import { formatReportJson } from '../../../src/harness/report/buildReport.ts'
import { downsample, downsampleFrom } from '../../../src/harness/report/downsample.ts'
import { renderHtml } from '../../../src/harness/report/renderHtml.ts'
import type { EquitySample } from '../../../src/harness/report/types.ts'
import { synthPoolLog } from '../../../src/harness/synth/synthPoolLog.ts'

const sample = (i: number): EquitySample => ({
  t: 1_735_689_600_000 + i * 1000,
  price: `1.${i}`,
  base: String(i * 7),
  quote: '12345678901234567890123',
  valueSpot: String(10n ** 30n + BigInt(i)),
  valueLiquidation: '0',
  baseline: '5',
  reserveBase: '1',
  reserveQuote: '2',
  state: i % 2 ? 'buying "now"\n' : 'idle',
  ...(i % 3 === 0 ? { weights: { A: '0.25', B: '0.75' } } : {}),
})

describe('PackedSamples', () => {
  it('reads back as the array of the samples pushed (index, length, iteration, array methods, JSON)', () => {
    const packed = new PackedSamples()
    const plain = Array.from({ length: 100 }, (_, i) => sample(i))
    for (const s of plain) packed.push(s)
    const v = packed.view
    expect(Array.isArray(v)).toBe(true)
    expect(v.length).toBe(100)
    expect(v[42]).toEqual(plain[42])
    expect([...v]).toEqual(plain)
    expect(v.slice(10, 20)).toEqual(plain.slice(10, 20))
    expect(v.findIndex((s) => s.base === '70')).toBe(10)
    expect(v.filter((s) => s.weights).length).toBe(34)
    expect(v.at(-1)).toEqual(plain[99])
    expect(JSON.stringify(v)).toBe(JSON.stringify(plain))
    expect(downsample(v, 8)).toEqual(downsample(plain, 8))
    expect(downsampleFrom(v, 33, 8)).toEqual(downsample(plain.slice(33), 8))
    expect(packed.lastT()).toBe(plain[99].t)
    packed.pop()
    expect(v.length).toBe(99)
    expect(() => {
      ;(v as EquitySample[])[0] = plain[1]
    }).toThrow(/read-only/)
  })

  it('EventColumns reads back the state changes pushed, across its growth', () => {
    const cols = new EventColumns()
    const plain = Array.from({ length: 3000 }, (_, i) => ({
      t: 1_735_689_600_000 + i * 60_000,
      from: `s${i % 3}`,
      to: `s${(i + 1) % 3}`,
      cause: i % 2 ? 'Cron' : 'Credit-Notice',
    }))
    for (const e of plain) cols.push(e)
    expect(cols.view.length).toBe(3000)
    expect([...cols.view]).toEqual(plain)
    expect(downsample(cols.view)).toEqual(downsample(plain))
    expect(() => cols.view.push(plain[0])).toThrow(/read-only/)
  })

  it('a packed, untraced run writes the same report bytes as the default run', async () => {
    const log = join(mkdtempSync(join(tmpdir(), 'afk-packed-')), 'pool.ndjson')
    await synthPoolLog({ seed: 8, events: 2_000, out: log })
    const o = {
      strategy: 'agents/dca.ts',
      engine: 'ts' as const,
      log,
      params: { amount: '1000000000000', slippageBps: 100 },
      // a sample every 2 minutes: more than the report keeps whole (chunked and thinned paths)
      sampleEveryMs: 120_000,
    }
    const plain = await runBacktestDetailed(o)
    const packed = await runBacktestDetailed(o, { packSamples: true, trace: false })
    expect(packed.run.samples.length).toBe(plain.run.samples.length)
    expect(plain.run.samples.length).toBeGreaterThan(64)
    expect(JSON.stringify(packed.run.events)).toBe(JSON.stringify(plain.run.events))
    expect(plain.run.events?.length).toBeGreaterThan(64)
    expect(formatReportJson(packed.run)).toBe(formatReportJson(plain.run))
    expect(renderHtml(packed.run)).toBe(renderHtml(plain.run))
    expect(plain.decisions.length).toBeGreaterThan(0)
    expect(packed.decisions).toEqual([])
    expect(packed.tickTimes).toEqual([])
  }, 120_000)
})
