import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { LogOrderError, LogParseError } from '../../src/errors/harness.ts'
import { runBacktest, runBacktestDetailed } from '../../src/harness/backtest.ts'
import { openLog } from '../../src/harness/log/openLog.ts'
import { formatReportJson } from '../../src/harness/report/buildReport.ts'
import { synthPoolLog } from '../../src/harness/synth/synthPoolLog.ts'

const dir = mkdtempSync(join(tmpdir(), 'afk-bt-'))
const log = join(dir, 'pool.ndjson')
const params = { amount: '1000000000000', slippageBps: 100 }
let synth: Awaited<ReturnType<typeof synthPoolLog>>

beforeAll(async () => {
  synth = await synthPoolLog({ seed: 'bt', events: 500, out: log, meanGapSeconds: 120 })
})

describe('runBacktest', () => {
  it('is deterministic: same log, agent and params give byte-identical JSON', async () => {
    const o = { strategy: 'agents/dca.ts', log, params, engine: 'ts' as const }
    const a = formatReportJson(await runBacktest(o))
    const b = formatReportJson(await runBacktest(o))
    expect(a).toBe(b)
    const run = JSON.parse(a)
    expect(run.counts.ticks).toBeGreaterThan(10)
    expect(run.trades.filter((t: { status: string }) => t.status === 'filled').length).toBeGreaterThan(10)
  })

  it('the Lua engine on aos gives the same report as the TS engine, with aos or model market processes', async () => {
    const base = { strategy: 'agents/dca.ts', log, params, maxEvents: 200 }
    const ts = formatReportJson(await runBacktest({ ...base, engine: 'ts', processes: 'model' }))
    const lua = await runBacktest({ ...base, engine: 'lua', processes: 'lua' })
    // only meta.engine differs
    expect(formatReportJson({ ...lua, meta: { ...lua.meta, engine: 'ts' } })).toBe(ts)
  })

  it('re-execute keeps the agent’s price impact; anchored follows the recorded reserves', async () => {
    const o = {
      strategy: 'agents/dca.ts',
      log,
      params: { ...params, amount: '5000000000000000' },
      engine: 'ts' as const,
    }
    const re = await runBacktest({ ...o, market: 'reexecute' })
    const an = await runBacktest({ ...o, market: 'anchored' })
    const last = (r: typeof re) => r.samples[r.samples.length - 1]
    expect(an.trades.filter((t) => t.status === 'filled').length).toBeGreaterThan(5)
    // anchored: the market ends exactly where the recording ends, whatever the agent did
    expect([last(an).reserveBase, last(an).reserveQuote]).toEqual([synth.reserves.base, synth.reserves.quote])
    // re-execute: the agent bought base out of the pool, so less base remains than in the recording
    expect(BigInt(last(re).reserveBase)).toBeLessThan(BigInt(synth.reserves.base))
  })

  it('anchored mode gives the same report with the aos Lua pool as with the pool model', async () => {
    const o = {
      strategy: 'agents/dca.ts',
      log,
      params: { ...params, amount: '5000000000000000' },
      engine: 'ts' as const,
      market: 'anchored' as const,
      maxEvents: 150,
    }
    const model = formatReportJson(await runBacktest({ ...o, processes: 'model' }))
    const lua = formatReportJson(await runBacktest({ ...o, processes: 'lua-pool' }))
    expect(lua).toBe(model)
  })

  it('records every decision per tick for bias checks', async () => {
    const r = await runBacktestDetailed({
      strategy: 'agents/dca.ts',
      log,
      params,
      engine: 'ts',
      maxEvents: 100,
    })
    expect(r.tickTimes.length).toBeGreaterThan(1)
    // --max-events ends the run at the last logged message it replayed, not at the end of the file
    expect(r.run.meta.log.events).toBe(100)
    let n = 0
    let t100 = 0
    for await (const rec of (await openLog(log)).records()) {
      if (rec.spawn) continue
      if (++n === 100) t100 = rec.message.Timestamp
    }
    expect(r.run.meta.end).toBe(t100)
    expect(r.run.samples.at(-1)?.t).toBe(t100)
    expect(r.decisions.every((d) => d.amountIn === params.amount)).toBe(true)
  })

  it('fails on a corrupted log with the line number', async () => {
    const lines = readFileSync(log, 'utf8').split('\n')
    const bad = join(dir, 'bad.ndjson')
    writeFileSync(bad, `${lines.slice(0, 120).join('\n')}\n${lines[120].slice(0, 50)}`)
    await expect(runBacktest({ strategy: 'agents/dca.ts', log: bad, params, engine: 'ts' })).rejects.toThrow(
      /bad\.ndjson:121 .*truncated/,
    )
    writeFileSync(bad, [...lines.slice(0, 100), lines[101], lines[100], ...lines.slice(102)].join('\n'))
    await expect(runBacktest({ strategy: 'agents/dca.ts', log: bad, params, engine: 'ts' })).rejects.toThrow(
      LogOrderError,
    )
    writeFileSync(
      bad,
      [
        ...lines.slice(0, 50),
        lines[50].replace('"owner":{"address":', '"owner":{"address":7,"x":'),
        ...lines.slice(51),
      ].join('\n'),
    )
    await expect(runBacktest({ strategy: 'agents/dca.ts', log: bad, params, engine: 'ts' })).rejects.toThrow(
      LogParseError,
    )
  })

  it('afk backtest exits non-zero on a corrupted log and writes no report', () => {
    const lines = readFileSync(log, 'utf8').split('\n')
    const bad = join(dir, 'cli-bad.ndjson')
    writeFileSync(bad, `${lines.slice(0, 300).join('\n')}\n{"message":`)
    const json = join(dir, 'out.json')
    const html = join(dir, 'out.html')
    writeFileSync(json, '{"stale": true}')
    const r = spawnSync(
      process.execPath,
      [
        'bin/afk.mjs',
        'backtest',
        'agents/dca.ts',
        '--log',
        bad,
        '--engine',
        'ts',
        '--params',
        JSON.stringify(params),
        '-o',
        json,
        '--html',
        html,
      ],
      {
        encoding: 'utf8',
      },
    )
    expect(r.status).not.toBe(0)
    expect(r.stderr).toMatch(/cli-bad\.ndjson:301 .*truncated/)
    expect(existsSync(json)).toBe(false)
    expect(existsSync(html)).toBe(false)
  })
})
