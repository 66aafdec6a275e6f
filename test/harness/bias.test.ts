import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { makeId } from '../../src/ao/ids.ts'
import { type AoMessage, emptyResult, type HandleResult } from '../../src/ao/message.ts'
import type { AgentEngine, AgentSnapshot } from '../../src/engine/types.ts'
import { EngineDivergenceError } from '../../src/errors/harness.ts'
import { compareDecisions, runBiasChecks } from '../../src/harness/backtest/biasChecks.ts'
import { DualEngine } from '../../src/harness/backtest/DualEngine.ts'
import type { BacktestResult } from '../../src/harness/backtest.ts'
import { synthPoolLog } from '../../src/harness/synth/synthPoolLog.ts'

const Q = makeId('q')
const result = (ticks: number[], decisions: [number, string][]) =>
  ({
    tickTimes: ticks,
    decisions: decisions.map(([t, amountIn]) => ({ t, tokenIn: Q, amountIn })),
  }) as unknown as BacktestResult

describe('bias checks', () => {
  it('flags a tick whose orders change, not one whose timing moves', () => {
    const ref = result(
      [1000, 2000, 3000],
      [
        [1100, '5'],
        [2100, '5'],
        [3100, '5'],
      ],
    )
    const lagged = result(
      [1000, 2000, 3000],
      [
        [1900, '5'],
        [2500, '7'],
        [3100, '5'],
      ],
    )
    const r = compareDecisions('lagged', ref, lagged, 0)
    expect(r.compared).toBe(3)
    expect(r.flags.map((f) => [f.tick, f.perturbed.map((d) => d.amountIn)])).toEqual([[2000, ['7']]])
    // warm-up: ticks before `from` are not compared
    expect(compareDecisions('truncated', ref, lagged, 2500).flags).toEqual([])
  })

  it('finds no unexplained changes for the DCA agent (no look-ahead)', async () => {
    const log = join(mkdtempSync(join(tmpdir(), 'afk-bias-')), 'pool.ndjson')
    await synthPoolLog({ seed: 'bias', events: 400, out: log, meanGapSeconds: 120 })
    const { report, reference } = await runBiasChecks({
      strategy: 'agents/dca.ts',
      log,
      params: { amount: '1000000000000', slippageBps: 100 },
      engine: 'ts',
    })
    expect(reference.run.trades.length).toBeGreaterThan(5)
    expect(report.comparedTicks.lagged).toBeGreaterThan(5)
    expect(report.comparedTicks.truncated).toBeGreaterThan(2)
    expect(report.flags).toEqual([])
  })
})

class Fake implements AgentEngine {
  readonly kind = 'ts' as const
  n = 0
  constructor(
    readonly id: string,
    private readonly target: (n: number) => string,
  ) {}
  async handle(_m: AoMessage): Promise<HandleResult> {
    this.n++
    return {
      ...emptyResult(),
      Messages: [{ Target: this.target(this.n), Tags: [{ name: 'Action', value: 'X' }], Data: '' }],
    }
  }
  async statusJson() {
    return `{"n":${this.n}}`
  }
  async snapshot() {
    return { value: 'idle' } as AgentSnapshot
  }
}

describe('DualEngine', () => {
  it('stops at the first outbox difference with both sides in the trace', async () => {
    const id = makeId('agent')
    const d = new DualEngine(new Fake(id, () => 'A'), new Fake(id, (n) => (n < 3 ? 'A' : 'B')))
    const m = {
      Owner: id,
      From: id,
      Target: id,
      Data: '',
      Tags: [{ name: 'Action', value: 'Tick' }],
      Timestamp: 5,
      'Block-Height': 1,
      Cron: false,
    }
    await d.handle(m)
    await d.handle(m)
    const err = await d.handle(m).catch((e) => e)
    expect(err).toBeInstanceOf(EngineDivergenceError)
    expect(err.message).toMatch(/diverged at message #3 \(Tick from/)
    expect(err.message).toMatch(/TS: .*"target":"A"/)
    expect(err.message).toMatch(/Lua: .*"target":"B"/)
  })
})
