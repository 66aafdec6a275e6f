import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tagValue } from '../../../src/ao/message.ts'
import { runBacktest } from '../../../src/harness/backtest.ts'
import { openLog } from '../../../src/harness/log/openLog.ts'
import { RecordCache } from '../../../src/harness/log/recordCache.ts'
import { hashFile } from '../../../src/harness/log/scanLog.ts'
import { formatReportJson } from '../../../src/harness/report/buildReport.ts'
import { formatSweepCsv, formatSweepJson } from '../../../src/harness/sweep/formatSweep.ts'
import { parseGrid } from '../../../src/harness/sweep/parseGrid.ts'
import { runSweep, type SweepOptions } from '../../../src/harness/sweep/runSweep.ts'
import { synthPoolLog } from '../../../src/harness/synth/synthPoolLog.ts'

// A sweep parses its log once in the parent (record cache) and the workers replay the pre-parsed records: the
// results must not depend on that, nor on how many workers ran them.
const saved = process.env.AFK_CACHE_DIR
const dir = mkdtempSync(join(tmpdir(), 'afk-sweep-shared-'))
const log = join(dir, 'pool.ndjson')
beforeAll(async () => {
  process.env.AFK_CACHE_DIR = join(dir, 'cache')
  await synthPoolLog({ seed: 'sweep-shared', events: 480, out: log })
})
afterAll(() => {
  if (saved === undefined) delete process.env.AFK_CACHE_DIR
  else process.env.AFK_CACHE_DIR = saved
})

const PARAMS = { amount: '1000000000000', slippageBps: 100 }
const report = async (o: { recordCache?: boolean; log?: string } = {}) =>
  formatReportJson(await runBacktest({ strategy: 'agents/dca.ts', engine: 'ts', log, params: PARAMS, ...o }))

describe('a sweep reads its log once', () => {
  it('records from the cache give the report that parsing the log gives; a drifted cache does not', async () => {
    const parsed = await report()
    expect(await report({ recordCache: true })).toBe(parsed)
    // planted drift: a cache (valid digest, own directory) of records whose 10th swap is one unit larger
    const cacheDir = process.env.AFK_CACHE_DIR
    process.env.AFK_CACHE_DIR = join(dir, 'drift-cache')
    let swaps = 0
    const drifted = async function* () {
      for await (const r of (await openLog(log)).records()) {
        if (tagValue(r.message.Tags, 'X-Action') === 'Swap' && ++swaps === 10)
          r.message.Tags = r.message.Tags.map((t) =>
            t.name === 'Quantity' ? { name: t.name, value: String(BigInt(t.value) + 1n) } : t,
          )
        yield r
      }
    }
    try {
      expect((await RecordCache.open((await hashFile(log)).sha256, drifted)).built).toBe(true)
      expect(await report({ recordCache: true })).not.toBe(parsed)
    } finally {
      process.env.AFK_CACHE_DIR = cacheDir
    }
  })

  it('1 and 2 workers write the same bytes, with progress in events up to the total', async () => {
    const options: SweepOptions = {
      strategy: 'agents/dca.ts',
      log,
      grid: parseGrid(['amount=500000000000,2000000000000', 'slippageBps=10,300']),
      rankBy: 'sharpe',
      walkForward: 0.6,
      backtest: { engine: 'ts' },
    }
    const events: [number, number][] = []
    const runs: number[] = []
    const one = await runSweep({ ...options, workers: 1 })
    const two = await runSweep(
      { ...options, workers: 2 },
      { onEvents: (d, t) => events.push([d, t]), onProgress: (d) => runs.push(d) },
    )
    expect(one.rows.map((r) => r.error)).toEqual([undefined, undefined, undefined, undefined])
    expect(formatSweepJson(two)).toBe(formatSweepJson(one))
    expect(formatSweepCsv(two)).toBe(formatSweepCsv(one))
    // planted drift: the same comparison sees a run that differs (a slower MU changes the fills)
    const drift = await runSweep({ ...options, workers: 2, backtest: { engine: 'ts', latencyMs: 60_000 } })
    expect(formatSweepJson(drift)).not.toBe(formatSweepJson(one))

    expect(runs).toEqual([1, 2, 3, 4])
    const total = events[0][1]
    expect(total).toBe(4 * 480)
    expect(events.every(([, t]) => t === total)).toBe(true)
    expect(events.map(([d]) => d)).toEqual([...events.map(([d]) => d)].sort((x, y) => x - y))
    expect(events.at(-1)).toEqual([total, total])
  })

  it('a broken log stops the sweep once, with the log error, before any run', async () => {
    const bad = join(dir, 'bad.ndjson')
    writeFileSync(bad, `${readFileSync(log, 'utf8').split('\n').slice(0, 5).join('\n')}\n{not json\n`)
    const runs: number[] = []
    await expect(
      runSweep(
        {
          strategy: 'agents/dca.ts',
          log: bad,
          grid: parseGrid(['amount=500000000000,2000000000000']),
          rankBy: 'sharpe',
          backtest: { engine: 'ts' },
          workers: 2,
        },
        { onProgress: (d) => runs.push(d) },
      ),
    ).rejects.toThrow(/bad\.ndjson/)
    expect(runs).toEqual([])
  })
})
