import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { makeId } from '../../src/ao/ids.ts'
import {
  BIAS_RULE,
  compareDecisions,
  formatBias,
  runBiasChecks,
} from '../../src/harness/backtest/biasChecks.ts'
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

  const log = join(mkdtempSync(join(tmpdir(), 'afk-bias-')), 'pool.ndjson')
  beforeAll(async () => {
    await synthPoolLog({ seed: 'bias', events: 400, out: log, meanGapSeconds: 120 })
  })

  it('finds no unexplained changes for the DCA agent (no look-ahead)', async () => {
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

  it('positive control: an agent that acts on reply timing is flagged by the lagged replay', async () => {
    // DCA that gives up on a quote after 10 s: with every reply 30 s late it never orders, so each tick changes
    const { report } = await runBiasChecks({
      strategy: 'agents/dca.ts',
      log,
      params: { amount: '1000000000000', slippageBps: 100, quoteTimeoutMs: '10000' },
      engine: 'ts',
    })
    const lagged = report.flags.filter((f) => f.check === 'lagged')
    expect(lagged.length).toBeGreaterThan(5)
    expect(lagged.every((f) => f.reference.length === 1 && f.perturbed.length === 0)).toBe(true)
  })

  it('positive control: an agent with unbounded memory is flagged by the truncated-history replay', async () => {
    const { report } = await runBiasChecks({
      strategy: 'test/harness/fixtures/firstThreeBuys.ts',
      log,
      params: { amount: '1000000000000', slippageBps: 100 },
      engine: 'ts',
    })
    expect(report.flags.filter((f) => f.check === 'lagged')).toEqual([])
    const truncated = report.flags.filter((f) => f.check === 'truncated')
    expect(truncated.length).toBeGreaterThan(0)
    expect(truncated[0].reference).toEqual([])
    expect(truncated[0].perturbed.length).toBe(1)
  })
})

describe('bias report text (issue 12 item 11)', () => {
  const report = (check: 'lagged' | 'truncated') => ({
    rule: BIAS_RULE,
    lagMs: 30_000,
    truncatedMs: 3_600_000,
    warmupTicks: 2,
    comparedTicks: { lagged: 10, truncated: 8 },
    flags: [{ check, tick: 1_735_700_000_000, reference: [], perturbed: [] }],
  })
  it('explains truncated-history flags as path dependence, and only when there are some', () => {
    expect(formatBias(report('truncated'))).toMatch(/path-dependent: started later it has a different past/)
    expect(formatBias(report('lagged'))).not.toMatch(/path-dependent/)
  })
})
