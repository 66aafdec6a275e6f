import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { makeId } from '../../src/ao/ids.ts'
import { BacktestConfigError } from '../../src/errors/harness.ts'
import { runBacktest } from '../../src/harness/backtest.ts'
import { synthPoolLog } from '../../src/harness/synth/synthPoolLog.ts'

const dir = mkdtempSync(join(tmpdir(), 'afk-sigbt-'))
const log = join(dir, 'pool.ndjson')
const amount = 1_000_000_000_000_000n
const params = { signal: makeId('bt:signal'), asset: 'AR', amount: String(amount), slippageBps: 100 }
const options = (o: { signalBps?: number; force?: boolean } = {}) => ({
  strategy: 'agents/signal-dca.ts',
  log,
  params,
  engine: 'ts' as const,
  ...o,
})

beforeAll(async () => {
  await synthPoolLog({ seed: 'sig', events: 300, out: log, meanGapSeconds: 120 })
})

describe('afk backtest agents/signal-dca.ts on a synthesized log', () => {
  it('refuses to run when the asked signal process is not in the simulated world', async () => {
    const run = runBacktest(options())
    await expect(run).rejects.toThrow(BacktestConfigError)
    await expect(run).rejects.toThrow(/params\.signal .* is no process of the backtest's world/)
  })

  it('with --signal-bps, the reference signal process answers and every buy is scaled', async () => {
    const r = await runBacktest(options({ signalBps: 2500 }))
    const buys = r.trades.filter((t) => t.side === 'buy')
    expect(buys.length).toBeGreaterThan(2)
    for (const t of buys) expect(t.amountIn).toBe(String((amount * 12_500n) / 10_000n))
    expect((r.meta.warnings ?? []).join(' ')).toContain('constant 2500 bps for Asset AR')
  })

  it('on both engines with the processes on aos (signal.lua seeded by Set-Signal), the same buys', async () => {
    const r = await runBacktest({ ...options({ signalBps: -2500 }), engine: 'both' as const, maxEvents: 120 })
    const buys = r.trades.filter((t) => t.side === 'buy')
    expect(buys.length).toBeGreaterThan(0)
    for (const t of buys) expect(t.amountIn).toBe(String((amount * 7_500n) / 10_000n))
  })

  it('a signal beyond the bounds is clamped to maxMultBps', async () => {
    const r = await runBacktest(options({ signalBps: 1_000_000 }))
    for (const t of r.trades.filter((x) => x.side === 'buy')) expect(t.amountIn).toBe(String(2n * amount))
  })

  it('forced without a signal, every ask times out and the plain amount is bought (with a loud warning)', async () => {
    const r = await runBacktest(options({ force: true }))
    expect((r.meta.warnings ?? []).join(' ')).toContain('every ask times out')
    const buys = r.trades.filter((t) => t.side === 'buy')
    expect(buys.length).toBeGreaterThan(0)
    for (const t of buys) expect(t.amountIn).toBe(String(amount))
  })
})
