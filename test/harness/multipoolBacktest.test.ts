import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { BacktestConfigError } from '../../src/errors/harness.ts'
import { denominationWarningFor, runBacktest } from '../../src/harness/backtest.ts'
import { LogWriter } from '../../src/harness/log/LogWriter.ts'
import { openMarketLog } from '../../src/harness/log/openMarketLog.ts'
import { formatReportJson } from '../../src/harness/report/buildReport.ts'
import { renderHtml } from '../../src/harness/report/renderHtml.ts'
import type { BacktestRun } from '../../src/harness/report/types.ts'
import { type SynthMarketResult, synthMarketLog } from '../../src/harness/synth/synthMarketLog.ts'

const dir = mkdtempSync(join(tmpdir(), 'afk-mpbt-'))
const market = join(dir, 'market.ndjson')
let synth: SynthMarketResult
let split: string[]
const amount = '1000000000000'

/** The run without the fields that name the input files. */
const body = (r: BacktestRun) => ({ ...r, meta: { ...r.meta, log: { ...r.meta.log, file: '', sha256: '' } } })

beforeAll(async () => {
  synth = await synthMarketLog({ seed: 'mp', pools: 3, events: 600, out: market, meanGapSeconds: 240 })
  // the same market as three single-process logs
  const m = await openMarketLog(market)
  split = m.headers.map((h) => join(dir, `${h.processId}.ndjson`))
  const writers = await Promise.all(
    m.headers.map((h, i) =>
      LogWriter.open(split[i], { processId: h.processId, process: h.process, meta: h.meta }),
    ),
  )
  for await (const rec of m.records())
    await writers[m.headers.findIndex((h) => h.processId === rec.message.Target)].write(rec.node)
  for (const w of writers) await w.close()
})

describe('multi-pool backtest (agents/dca.ts on one pool of a synthesized 3-pool market)', () => {
  const options = () => ({
    strategy: 'agents/dca.ts',
    log: market,
    params: { pool: synth.assets[1].pool, amount, slippageBps: 100 },
    engine: 'ts' as const,
  })

  it('is byte-identical across two runs and reports per-asset holdings in the numeraire', async () => {
    const a = await runBacktest(options())
    const b = await runBacktest(options())
    expect(formatReportJson(a)).toBe(formatReportJson(b))
    expect(renderHtml(a)).toBe(renderHtml(b))

    const [alfa, bravo, charlie] = synth.assets
    expect(a.meta.base.id).toBe(bravo.token)
    expect(a.meta.quote.id).toBe(synth.numeraire)
    // an agent on one pool: buy and hold of its asset alone, as in a single-pool run
    expect(a.meta.baseline).toBe('BRAVO bought with each deposit')
    const filled = a.trades.filter((t) => t.status === 'filled')
    expect(filled.length).toBeGreaterThan(5)

    const p = a.portfolio
    if (!p) throw new Error('a multi-pool run has a portfolio')
    expect(p.assets.map((x) => x.token.ticker)).toEqual(['USD', 'ALFA', 'BRAVO', 'CHARLIE'])
    expect(p.assets.map((x) => x.pool)).toEqual([undefined, alfa.pool, bravo.pool, charlie.pool])
    const last = a.samples[a.samples.length - 1]
    const [usd, , br] = p.assets
    // balances agree with the single-pool tracker; the untouched assets are empty
    expect(usd.balance).toBe(last.quote)
    expect(br.balance).toBe(last.base)
    expect(BigInt(br.balance)).toBe(filled.reduce((s, t) => s + BigInt(t.amountOut), 0n))
    expect([p.assets[1].balance, p.assets[3].balance]).toEqual(['0', '0'])
    // values in the numeraire at the pool's spot (floor), weights in ppm summing to exactly 1
    expect(br.value).toBe(String((BigInt(br.balance) * BigInt(last.reserveQuote)) / BigInt(last.reserveBase)))
    expect(usd.value).toBe(usd.balance)
    expect(p.value).toBe(String(BigInt(usd.value) + BigInt(br.value)))
    expect(br.value).toBe(String(BigInt(last.valueSpot) - BigInt(last.quote)))
    const ppm = (w: string) => BigInt(w.replace('.', ''))
    expect(p.assets.reduce((s, x) => s + ppm(x.weight), 0n)).toBe(1_000_000n)
    expect(ppm(br.weight)).toBe((BigInt(br.value) * 1_000_000n) / BigInt(p.value))
    // weights over time: every sample with holdings carries them; BRAVO's share grows as the agent buys it
    const weighted = a.samples.filter((s) => s.weights)
    expect(weighted.length).toBeGreaterThan(10)
    expect(Object.keys(weighted[0].weights ?? {}).sort()).toEqual(['ALFA', 'BRAVO', 'CHARLIE', 'USD'])
    expect(last.weights?.BRAVO).toBe(br.weight)
    expect(Number(last.weights?.BRAVO)).toBeGreaterThan(Number(weighted[0].weights?.BRAVO))
    // the agent's state changes: every tick leaves idle and comes back
    const events = a.events ?? []
    expect(events.length).toBeGreaterThanOrEqual(2 * filled.length)
    expect(events.filter((e) => e.from === 'idle' && e.cause === 'Cron').length).toBe(a.counts.ticks)
    for (let i = 1; i < events.length; i++) expect(events[i].from).toBe(events[i - 1].to)
    // the JSON report carries the portfolio and the events
    const json = JSON.parse(formatReportJson(a))
    expect(json.portfolio.value).toBe(p.value)
    expect(json.events).toHaveLength(events.length)
  })

  it('gives the same run from three single-pool logs merged by timestamp and nonce, and notices a changed one', async () => {
    const one = await runBacktest(options())
    const merged = await runBacktest({ ...options(), log: split })
    expect(merged.meta.log.file).toContain(' + ')
    expect(formatReportJson(body(merged))).toBe(formatReportJson(body(one)))
    // another order on the command line: the same replay (only the portfolio lists the pools in that order)
    const shuffled = await runBacktest({ ...options(), log: [split[2], split[0], split[1]] })
    expect(formatReportJson(body({ ...shuffled, portfolio: undefined }))).toBe(
      formatReportJson(body({ ...one, portfolio: undefined })),
    )

    // planted drift: one recorded swap on the agent's pool trades twice the amount
    const lines = readFileSync(split[1], 'utf8').trimEnd().split('\n')
    const i = lines.findIndex((l, k) => k > 10 && l.includes('"X-Action","value":"Swap"'))
    const node = JSON.parse(lines[i])
    const q = node.message.tags.find((t: { name: string }) => t.name === 'Quantity')
    q.value = String(BigInt(q.value) * 2n)
    lines[i] = JSON.stringify(node)
    const changed = join(dir, 'changed.ndjson')
    writeFileSync(changed, `${lines.join('\n')}\n`)
    const drift = await runBacktest({ ...options(), log: [split[0], changed, split[2]] })
    expect(formatReportJson(body(drift))).not.toBe(formatReportJson(body(one)))
  })

  it('replays the other pools too: an idle agent sees its pool end exactly where the generator left it', async () => {
    // the TS pool models on the test market, and the aos reference pools (one aos process per pool) on a small one
    const small = join(dir, 'small.ndjson')
    const tiny = await synthMarketLog({
      seed: 'mp-lua',
      pools: 3,
      events: 120,
      out: small,
      meanGapSeconds: 240,
    })
    for (const [x, log, processes] of [
      [synth.assets[0], market, 'model'],
      [tiny.assets[2], small, 'lua-pool'],
    ] as const) {
      const r = await runBacktest({
        ...options(),
        log,
        params: { pool: x.pool, amount, slippageBps: 100 },
        deposit: '0',
        processes,
      })
      const last = r.samples[r.samples.length - 1]
      expect([last.reserveBase, last.reserveQuote]).toEqual([x.reserves.asset, x.reserves.numeraire])
    }
    await expect(runBacktest({ ...options(), params: { pool: 'nope', amount } })).rejects.toThrow(
      BacktestConfigError,
    )
    await expect(runBacktest({ ...options(), market: 'anchored' })).rejects.toThrow(/anchored/)
    // a merged pool whose log gives no denominations is warned about, not assumed silently
    expect(await denominationWarningFor({ log: split, params: options().params })).toBeUndefined()
    const lines = readFileSync(split[2], 'utf8').split('\n')
    const bare = join(dir, 'bare.ndjson')
    writeFileSync(
      bare,
      [JSON.stringify({ ...JSON.parse(lines[0]), meta: undefined }), ...lines.slice(1)].join('\n'),
    )
    const w = await denominationWarningFor({ log: [split[0], split[1], bare], params: options().params })
    expect(w).toMatch(/denominations of CHARLIE \(other pools of the market\); assuming 12 decimals/)
    expect(w).not.toMatch(/BRAVO\/USD/)
  })

  it('a strategy buying on two pools in turn: TS and Lua agree, byte-identical, holdings of both assets', async () => {
    const [alfa, bravo] = synth.assets
    const deposit = 100n * BigInt(amount)
    const o = {
      strategy: 'test/harness/fixtures/twoPoolDca.ts',
      log: market,
      // no `pool` param in this strategy: the agent's pool (trades, equity) is the first logged one, ALFA
      params: {
        usd: synth.numeraire,
        assetA: alfa.token,
        assetB: bravo.token,
        poolA: alfa.pool,
        poolB: bravo.pool,
        amount,
        slippageBps: 100,
      },
      deposit: String(deposit),
    }
    const both = await runBacktest({ ...o, engine: 'both', processes: 'model' })
    const ts = await runBacktest({ ...o, engine: 'ts' })
    expect(formatReportJson({ ...both, meta: { ...both.meta, engine: 'ts' } })).toBe(formatReportJson(ts))
    const p = ts.portfolio
    if (!p) throw new Error('a multi-pool run has a portfolio')
    const [usd, a, b, c] = p.assets
    // trades are recorded on the agent's primary pool (ALFA); BRAVO's buys show in the holdings and the state events
    const fillsA = ts.trades.filter((t) => t.status === 'filled')
    const fillsB = (ts.events ?? []).filter((e) => e.from === 'swappingB' && e.to === 'idle').length
    expect(fillsA.length).toBeGreaterThan(5)
    expect(fillsB).toBe(fillsA.length)
    expect(BigInt(a.balance)).toBe(fillsA.reduce((s, t) => s + BigInt(t.amountOut), 0n))
    expect(BigInt(b.balance)).toBeGreaterThan(0n)
    expect(c.balance).toBe('0')
    expect(BigInt(usd.balance)).toBe(deposit - BigInt(amount) * BigInt(fillsA.length + fillsB))
    // the two assets were bought with equal amounts, so their weights are close; all weights sum to exactly 1
    expect(Math.abs(Number(a.weight) - Number(b.weight))).toBeLessThan(0.25)
    expect(p.assets.reduce((s, x) => s + BigInt(x.weight.replace('.', '')), 0n)).toBe(1_000_000n)
    expect(Object.keys(ts.samples.at(-1)?.weights ?? {}).sort()).toEqual(['ALFA', 'BRAVO', 'CHARLIE', 'USD'])
    // buy and hold of both assets the agent buys, in equal parts (CHARLIE is not named, so not held)
    expect(ts.meta.baseline).toBe(
      'ALFA, BRAVO in equal parts (the assets the params name) bought with each deposit',
    )
    const states = new Set((ts.events ?? []).map((e) => e.to))
    expect([...states].sort()).toEqual(['idle', 'quotingA', 'quotingB', 'swappingA', 'swappingB'])
  })
})
