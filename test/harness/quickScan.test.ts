import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { runBacktestDetailed } from '../../src/harness/backtest.ts'
import { openLog } from '../../src/harness/log/openLog.ts'
import { scanRecords } from '../../src/harness/log/scanLog.ts'
import { formatReportJson } from '../../src/harness/report/buildReport.ts'
import { synthPoolLog } from '../../src/harness/synth/synthPoolLog.ts'

const DEMO = 'samples/botega-demo.ndjson'
const dir = mkdtempSync(join(tmpdir(), 'afk-quickscan-'))
const SYNTH = join(dir, 'synth.ndjson')
const params = { amount: '1000000000000', slippageBps: 100 }

beforeAll(async () => {
  await synthPoolLog({ seed: 3, events: 300, out: SYNTH })
})

/** The demo log with line `i` (0-based, header = 0) replaced by `edit(line)`. */
function edited(name: string, i: number, edit: (line: string) => string): string {
  const lines = readFileSync(DEMO, 'utf8').split('\n')
  lines[i] = edit(lines[i])
  const f = join(dir, name)
  writeFileSync(f, lines.join('\n'))
  return f
}

describe('quickScan (the scan forecast from a few lines of an afk NDJSON log)', () => {
  it('equals the full scan, with and without an event limit, spawn item first or not', async () => {
    for (const f of [DEMO, SYNTH]) {
      const log = await openLog(f)
      const events = (await scanRecords(log)).events
      for (const maxEvents of [undefined, 1, 2, 137, events - 1, events, events + 5]) {
        const forecast = await log.quickScan({ maxEvents })
        expect(forecast, `${f} ${maxEvents}`).not.toBeNull()
        expect(forecast, `${f} ${maxEvents}`).toEqual(await scanRecords(log, { maxEvents }))
      }
    }
  })

  it('a log it misjudges is replayed again with the true figures: same report as the exact scan (planted drift)', async () => {
    // a message in the middle carrying the process id as its id: the reader skips it like the spawn item, the
    // forecast counts it (planted drift: the forecast differs from the full scan)
    const pid = JSON.parse(readFileSync(DEMO, 'utf8').split('\n')[0]).processId
    const f = edited('spawn-like.ndjson', 700, (l) => {
      const v = JSON.parse(l)
      v.message.id = pid
      return JSON.stringify(v)
    })
    const log = await openLog(f)
    const forecast = await log.quickScan()
    const exact = await scanRecords(log)
    expect(forecast?.events).toBe(1500)
    expect(exact.events).toBe(1499)
    const totals = new Set<number>()
    const o = { strategy: 'agents/dca.ts', log: f, engine: 'ts' as const, params }
    const r = await runBacktestDetailed(o, { onProgress: (_d, total) => totals.add(total) })
    // the first replay ran on the forecast, the second on what the first one read
    expect([...totals].sort()).toEqual([1499, 1500])
    // the oracle: the record cache's scan is exact (every record read by the validating reader)
    const oracle = await runBacktestDetailed({ ...o, recordCache: true })
    expect(formatReportJson(r.run)).toBe(formatReportJson(oracle.run))
    expect(r.run.meta.log.events).toBe(1499)
  })

  it('a replay run again prints each warning once (the assumed deposit of a strategy without an amount)', async () => {
    const pid = JSON.parse(readFileSync(DEMO, 'utf8').split('\n')[0]).processId
    const f = edited('spawn-like-hedge.ndjson', 700, (l) => {
      const v = JSON.parse(l)
      v.message.id = pid
      return JSON.stringify(v)
    })
    const said: string[] = []
    const totals = new Set<number>()
    const r = await runBacktestDetailed(
      { strategy: 'agents/hedge.ts', log: f, engine: 'ts' },
      { onWarning: (t) => t && said.push(t), onProgress: (_d, total) => totals.add(total) },
    )
    expect([...totals].sort()).toEqual([1499, 1500])
    const assumed = said.filter((t) => t.includes('assum'))
    expect(assumed.length).toBe(1)
    expect(new Set(said).size).toBe(said.length)
    expect(r.run.meta.warnings?.filter((w) => w.includes('assum')).length).toBe(1)
  })

  it('a bad record fails the replay with the same error (file, line, text) as the full scan', async () => {
    const bad = {
      json: edited('json.ndjson', 900, (l) => l.slice(0, 200)),
      nonce: edited('nonce.ndjson', 900, (l) =>
        l.replace(/"name":"Nonce","value":"\d+"/, '"name":"Nonce","value":"5"'),
      ),
      shape: edited('shape.ndjson', 900, (l) => l.replace('"tags":[', '"tags":[7,')),
      marker: edited('marker.ndjson', 1502, () => ''),
    }
    for (const [what, f] of Object.entries(bad)) {
      const want = await scanRecords(await openLog(f)).catch((e) => e)
      expect(want, what).toBeInstanceOf(Error)
      const got = await runBacktestDetailed({
        strategy: 'agents/dca.ts',
        log: f,
        engine: 'ts',
        params,
      }).catch((e) => e)
      expect(got.constructor, what).toBe(want.constructor)
      expect(got.message, what).toBe(want.message)
    }
    expect(await (await openLog(bad.marker)).quickScan()).toBeNull()
  })
})
