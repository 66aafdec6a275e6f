import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { tagValue } from '../../src/ao/message.ts'
import { type BacktestOptions, runBacktest, runBacktestDetailed } from '../../src/harness/backtest.ts'
import { openLog } from '../../src/harness/log/openLog.ts'
import { RecordCache } from '../../src/harness/log/recordCache.ts'
import { hashFile } from '../../src/harness/log/scanLog.ts'
import { formatReportJson } from '../../src/harness/report/buildReport.ts'
import { synthMarketLog } from '../../src/harness/synth/synthMarketLog.ts'
import { synthPoolLog } from '../../src/harness/synth/synthPoolLog.ts'
import { BotegaPoolModel } from '../../src/models/BotegaPoolModel.ts'

// The replay fast path (pre-parsed record cache + deliveries nobody observes counted, not made) must give the same
// report bytes as full re-execution. The 100k-event comparison runs in `npm run bench` (bench/harness.bench.ts).
const DEMO_LOG = 'samples/botega-demo.ndjson'
const PARAMS = { amount: '1000000000000', slippageBps: 100 }
const saved = { dir: process.env.AFK_CACHE_DIR, off: process.env.AFK_CACHE }
afterEach(() => {
  process.env.AFK_CACHE_DIR = saved.dir
  process.env.AFK_CACHE = saved.off
  if (saved.dir === undefined) delete process.env.AFK_CACHE_DIR
  if (saved.off === undefined) delete process.env.AFK_CACHE
})

let synth: string
beforeAll(async () => {
  synth = join(mkdtempSync(join(tmpdir(), 'afk-fast-')), 'pool.ndjson')
  await synthPoolLog({ seed: 11, events: 3000, out: synth })
})

const report = async (o: Partial<BacktestOptions> & { log: string }) =>
  formatReportJson(
    await runBacktest({ strategy: 'agents/dca.ts', engine: 'ts', processes: 'model', params: PARAMS, ...o }),
  )

/** Two fast runs of `log` (building the record cache, then reading it) give `full`'s recorded counts and report bytes. */
async function expectFastLikeFull(
  log: string,
  full: Awaited<ReturnType<typeof runBacktestDetailed>>,
): Promise<void> {
  for (let i = 0; i < 2; i++) {
    const fast = await runBacktestDetailed({
      strategy: 'agents/dca.ts',
      engine: 'ts',
      params: PARAMS,
      log,
      fast: true,
    })
    expect(fast.directSteps).toBeGreaterThan(0)
    expect(fast.recorded).toEqual(full.recorded)
    expect(formatReportJson(fast.run)).toBe(formatReportJson(full.run))
  }
}

describe('replay fast path', () => {
  it('gives byte-identical report JSON on the sample log, cold (cache built) and warm (cache read)', async () => {
    process.env.AFK_CACHE_DIR = mkdtempSync(join(tmpdir(), 'afk-fast-cache-'))
    const full = await report({ log: DEMO_LOG })
    expect(await report({ log: DEMO_LOG, fast: true })).toBe(full)
    expect(readdirSync(process.env.AFK_CACHE_DIR).some((f) => f.startsWith('records-'))).toBe(true)
    expect(await report({ log: DEMO_LOG, fast: true })).toBe(full)
  })

  it('gives byte-identical report JSON on a synthetic 3,000-event log (also with --max-events and a lag)', async () => {
    process.env.AFK_CACHE = 'off'
    const fast = await runBacktestDetailed({
      strategy: 'agents/dca.ts',
      engine: 'ts',
      processes: 'model',
      params: PARAMS,
      log: synth,
      fast: true,
    })
    // the recorded swaps (fills and refunds) and their payouts were applied directly, not evaluated
    expect(fast.directSteps).toBeGreaterThan(2 * 0.9 * 3000)
    expect(formatReportJson(fast.run)).toBe(await report({ log: synth }))
    expect(await report({ log: synth, fast: true, maxEvents: 1234 })).toBe(
      await report({ log: synth, maxEvents: 1234 }),
    )
    expect(await report({ log: synth, fast: true, replyLagMs: 30_000 })).toBe(
      await report({ log: synth, replyLagMs: 30_000 }),
    )
  })

  it('gives byte-identical report JSON on a 3-pool market log (the other pools are applied directly too)', async () => {
    process.env.AFK_CACHE = 'off'
    const market = join(mkdtempSync(join(tmpdir(), 'afk-fast-')), 'market.ndjson')
    const m = await synthMarketLog({ seed: 'fast', pools: 3, events: 900, out: market, meanGapSeconds: 240 })
    const o = { log: market, params: { ...PARAMS, pool: m.assets[1].pool } }
    const fast = await runBacktestDetailed({
      strategy: 'agents/dca.ts',
      engine: 'ts',
      processes: 'model',
      ...o,
      fast: true,
    })
    expect(fast.directSteps).toBeGreaterThan(900)
    expect(formatReportJson(fast.run)).toBe(await report(o))
  })

  it('gives byte-identical report JSON with an unusable swap notice (its file:line read from the cache)', async () => {
    process.env.AFK_CACHE_DIR = mkdtempSync(join(tmpdir(), 'afk-fast-cache-'))
    const lines = readFileSync(DEMO_LOG, 'utf8').split('\n')
    const at = lines.findIndex((l, i) => i > 10 && l.includes('"X-Action","value":"Swap"'))
    lines[at] = lines[at].replace(/"name":"Quantity","value":"\d+"/, '"name":"Quantity","value":"12.5"')
    const log = join(mkdtempSync(join(tmpdir(), 'afk-fast-')), 'bad-qty.ndjson')
    writeFileSync(log, lines.join('\n'))
    const full = await runBacktestDetailed({ strategy: 'agents/dca.ts', engine: 'ts', params: PARAMS, log })
    expect(full.recorded.unusable?.first).toBe(`${log}:${at + 1}`)
    await expectFastLikeFull(log, full)
  })

  it('gives byte-identical report JSON when recorded swaps carry duplicate tags (the last one wins, as on aos)', async () => {
    process.env.AFK_CACHE_DIR = mkdtempSync(join(tmpdir(), 'afk-fast-cache-'))
    const lines = readFileSync(DEMO_LOG, 'utf8').split('\n')
    let changed = 0
    for (let i = 10; i < lines.length && changed < 20; i++) {
      if (!lines[i].includes('"X-Action","value":"Swap"')) continue
      // a smaller Quantity and a foreign Sender first, the real ones after them: aos's root takes the last
      lines[i] = lines[i]
        .replace(/\{"name":"Quantity"/, '{"name":"Quantity","value":"7"},{"name":"Quantity"')
        .replace(/\{"name":"Sender"/, `{"name":"Sender","value":"${'S'.repeat(43)}"},{"name":"Sender"`)
      changed++
    }
    expect(changed).toBe(20)
    const log = join(mkdtempSync(join(tmpdir(), 'afk-fast-')), 'dup-tags.ndjson')
    writeFileSync(log, lines.join('\n'))
    const full = await runBacktestDetailed({ strategy: 'agents/dca.ts', engine: 'ts', params: PARAMS, log })
    await expectFastLikeFull(log, full)
  })

  it('rebuilds a corrupt, truncated or foreign cache file instead of trusting it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'afk-fast-cache-'))
    process.env.AFK_CACHE_DIR = dir
    const { sha256 } = await hashFile(synth)
    const log = await openLog(synth)
    const records = () => () => log.records()
    const first = await RecordCache.open(sha256, records())
    expect(first.built).toBe(true)
    expect((await RecordCache.open(sha256, records())).built).toBe(false)
    const file = RecordCache.fileFor(dir, sha256)
    const good = readFileSync(file)
    // one flipped byte in the middle of a frame
    const bad = Buffer.from(good)
    bad[Math.floor(bad.length / 2)] ^= 1
    writeFileSync(file, bad)
    expect((await RecordCache.open(sha256, records())).built).toBe(true)
    expect(readFileSync(file).equals(good)).toBe(true)
    // cut short
    writeFileSync(file, good.subarray(0, good.length - 100))
    expect((await RecordCache.open(sha256, records())).built).toBe(true)
    // a whole, valid file of another log copied under this log's name
    const other = RecordCache.fileFor(dir, 'f'.repeat(64))
    writeFileSync(other, good)
    const demo = await openLog(DEMO_LOG)
    const foreign = await RecordCache.open('f'.repeat(64), () => demo.records())
    expect(foreign.built).toBe(true)
  })

  it('planted drift: a fast path whose records differ by one unit of one swap changes the report', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'afk-fast-cache-'))
    process.env.AFK_CACHE_DIR = dir
    const full = await report({ log: synth })
    const { sha256 } = await hashFile(synth)
    // a cache built (digest and all) from records where the 100th swap's input is one unit larger
    let swaps = 0
    const drifted = async function* () {
      for await (const r of (await openLog(synth)).records()) {
        if (tagValue(r.message.Tags, 'X-Action') === 'Swap' && ++swaps === 100)
          r.message.Tags = r.message.Tags.map((t) =>
            t.name === 'Quantity' ? { name: t.name, value: String(BigInt(t.value) + 1n) } : t,
          )
        yield r
      }
    }
    expect((await RecordCache.open(sha256, drifted)).built).toBe(true)
    expect(await report({ log: synth, fast: true })).not.toBe(full)
  })

  it('planted drift: counting a message the pool does handle as ignored changes the report', async () => {
    process.env.AFK_CACHE = 'off'
    const full = await report({ log: synth })
    const ignores = BotegaPoolModel.prototype.ignores
    BotegaPoolModel.prototype.ignores = function (out) {
      return ignores.call(this, out) || tagValue(out.Tags, 'Action') === 'Get-Swap-Output'
    }
    try {
      expect(await report({ log: synth, fast: true })).not.toBe(full)
    } finally {
      BotegaPoolModel.prototype.ignores = ignores
    }
  })

  it('planted drift: a direct swap one unit off the handler changes the report', async () => {
    process.env.AFK_CACHE = 'off'
    const full = await report({ log: synth })
    const applyDirect = BotegaPoolModel.prototype.applyDirect
    let n = 0
    BotegaPoolModel.prototype.applyDirect = function (m, unseen) {
      const sends = applyDirect.call(this, m, unseen)
      // the 100th direct swap leaves one more unit of token A in the pool than the handler would
      if (sends && ++n === 100) (this as unknown as { state: { reserveA: bigint } }).state.reserveA += 1n
      return sends
    }
    try {
      expect(await report({ log: synth, fast: true })).not.toBe(full)
      expect(n).toBeGreaterThan(100)
    } finally {
      BotegaPoolModel.prototype.applyDirect = applyDirect
    }
  })

  it("the pool's ignored actions really change nothing and send nothing", async () => {
    const pool = new BotegaPoolModel({
      id: 'P'.repeat(43),
      owner: 'O'.repeat(43),
      tokenA: 'A'.repeat(43),
      tokenB: 'B'.repeat(43),
    })
    const tags = [
      { name: 'Action', value: 'Debit-Notice' },
      { name: 'Recipient', value: 'R'.repeat(43) },
      { name: 'Quantity', value: '5' },
    ]
    expect(pool.ignores({ Target: pool.id, Data: '', Tags: tags })).toBe(true)
    expect(
      pool.ignores({ Target: pool.id, Data: '', Tags: [{ name: 'Action', value: 'Credit-Notice' }] }),
    ).toBe(false)
    const msg = (id: string, t: typeof tags) => ({
      Id: id.repeat(43),
      Owner: 'A'.repeat(43),
      From: 'A'.repeat(43),
      Target: pool.id,
      Data: '',
      Tags: t,
      Timestamp: 1,
      'Block-Height': 1,
      Cron: false,
    })
    const reserves = async (id: string) =>
      (await pool.handle(msg(id, [{ name: 'Action', value: 'Get-Reserves' }]))).Messages[0].Tags
    const before = await reserves('X')
    const r = await pool.handle(msg('M', tags))
    expect(r.Messages).toEqual([])
    expect(r.Error).toBeUndefined()
    // same reserves, and the Reference counter moved by the one reply only (the notice sent nothing)
    const after = await reserves('Y')
    expect(tagValue(after, 'Reference')).toBe(String(Number(tagValue(before, 'Reference')) + 1))
    expect(after.filter((t) => t.name !== 'Reference')).toEqual(before.filter((t) => t.name !== 'Reference'))
  })
})
