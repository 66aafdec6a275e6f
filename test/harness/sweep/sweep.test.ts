import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { coerceParams, loadParamsSchema } from '../../../src/harness/sweep/coerceParams.ts'
import { evaluateTask } from '../../../src/harness/sweep/evaluateTask.ts'
import { formatSweepCsv, formatSweepJson, formatSweepTable } from '../../../src/harness/sweep/formatSweep.ts'
import { expandGrid, parseGrid } from '../../../src/harness/sweep/parseGrid.ts'
import { compareScores } from '../../../src/harness/sweep/rankMetrics.ts'
import { runPool } from '../../../src/harness/sweep/runPool.ts'
import { runSweep, type SweepOptions } from '../../../src/harness/sweep/runSweep.ts'
import { runBacktest } from './fakeBacktest.ts'

describe('parseGrid', () => {
  it('parses lists, ranges and booleans, keeping order', () => {
    expect(parseGrid(['amount=2000,1000', 'slippageBps=10:30:10', 'dry=true,false'])).toEqual([
      { name: 'amount', values: ['2000', '1000'] },
      { name: 'slippageBps', values: ['10', '20', '30'] },
      { name: 'dry', values: [true, false] },
    ])
  })
  it('keeps big integers exact', () => {
    expect(parseGrid(['amount=123456789012345678901234567890'])[0].values).toEqual([
      '123456789012345678901234567890',
    ])
  })
  it.each([
    ['amount', /missing "="/],
    ['amount=', /no values/],
    ['amount=1,,2', /empty value/],
    ['amount=1,1', /listed twice/],
    ['9x=1', /not a parameter name/],
    ['a=5:1:1', /below its start/],
    ['a=1:5:0', /step must be > 0/],
  ])('rejects %s', (arg, msg) => expect(() => parseGrid([arg])).toThrow(msg))
  it('rejects a parameter given twice with a hint', () => {
    expect(() => parseGrid(['a=1', 'a=2'])).toThrowErrorMatchingInlineSnapshot(`
      [GridParseError: Invalid --grid "a=2": parameter "a" is given twice

      hint: put all values in one --grid, e.g. amount=1000,2000

      Docs: docs/reports.md#sweeps
      Version: afk@0.1.0]
    `)
  })
  it('expands the cartesian product, first axis slowest', () => {
    expect(expandGrid(parseGrid(['a=1,2', 'b=x,y']))).toEqual([
      { a: '1', b: 'x' },
      { a: '1', b: 'y' },
      { a: '2', b: 'x' },
      { a: '2', b: 'y' },
    ])
  })
})

describe('coerceParams', () => {
  const schema = z.object({
    amount: z.union([z.bigint(), z.string().regex(/^\d+$/)]),
    slippageBps: z.number().int(),
    label: z.string(),
  })
  it('keeps amounts as strings, turns numeric params into numbers only when the schema wants them', () => {
    expect(coerceParams({ amount: '1000', slippageBps: '50', label: '7' }, schema)).toEqual({
      amount: '1000',
      slippageBps: 50,
      label: '7',
    })
  })
  it('reads the schema of a real strategy (agents/dca.ts)', async () => {
    const dca = await loadParamsSchema('agents/dca.ts')
    expect(dca).toBeDefined()
    expect(coerceParams({ amount: '1000000', slippageBps: '50' }, dca)).toEqual({
      amount: '1000000',
      slippageBps: 50,
    })
    expect(await loadParamsSchema('agents/does-not-exist.ts')).toBeUndefined()
  })
  it('nests dotted names and leaves text alone without a schema', () => {
    expect(coerceParams({ 'band.abs': '500', x: '1' })).toEqual({ band: { abs: '500' }, x: '1' })
  })
})

describe('runPool', () => {
  it('bounds concurrency, keeps input order and settles failures', async () => {
    let inFlight = 0
    let peak = 0
    const progress: number[] = []
    const out = await runPool(
      [5, 1, 4, 2, 3],
      2,
      async (x) => {
        inFlight++
        peak = Math.max(peak, inFlight)
        await new Promise((r) => setTimeout(r, x))
        inFlight--
        if (x === 4) throw new Error('four')
        return x * 10
      },
      (done) => progress.push(done),
    )
    expect(peak).toBe(2)
    expect(progress).toEqual([1, 2, 3, 4, 5])
    expect(out.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message))).toEqual([
      50,
      10,
      'four',
      20,
      30,
    ])
  })
})

describe('ranking', () => {
  it('orders by direction, undefined last, ties by params', () => {
    const rows = [
      { score: '1.5', key: 'b' },
      { score: null, key: 'a' },
      { score: '2', key: 'z' },
      { score: '1.5', key: 'a' },
    ]
    expect([...rows].sort((x, y) => compareScores('sharpe', x, y)).map((r) => r.key)).toEqual([
      'z',
      'a',
      'b',
      'a',
    ])
    expect(
      [...rows].sort((x, y) => compareScores('maxDrawdown', x, y)).map((r) => `${r.score}${r.key}`),
    ).toEqual(['1.5a', '1.5b', '2z', 'nulla'])
  })
})

const base: SweepOptions = {
  strategy: 'agents/dca.ts',
  log: 'fixtures/dca.jsonl',
  grid: parseGrid(['amount=500000000000,1000000000000,2000000000000', 'slippageBps=20,50,100']),
  rankBy: 'sharpe',
  workers: 3,
}

/** Injected runner: the real evaluateTask over the fake backtest, finishing in a scrambled order. */
const scrambled = (task: Parameters<typeof evaluateTask>[0]) =>
  new Promise((r) => setTimeout(r, (task.index * 7) % 5)).then(() => evaluateTask(task, runBacktest))

describe('runSweep with an injected run function', () => {
  it('ranks every parameter set by the metric, deterministically', async () => {
    const a = await runSweep(base, { runTask: scrambled, schema: null })
    const b = await runSweep(
      { ...base, workers: 1 },
      { runTask: (t) => evaluateTask(t, runBacktest), schema: null },
    )
    expect(a.rows).toHaveLength(9)
    expect(a.rows.map((r) => r.rank)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9])
    const scores = a.rows.map((r) => Number(r.score))
    expect([...scores].sort((x, y) => y - x)).toEqual(scores)
    expect({ ...a, workers: 0 }).toEqual({ ...b, workers: 0 })
    expect(formatSweepJson(a)).toBe(formatSweepJson(b))
    // score is the ranked metric of that row's own run
    const top = a.rows[0]
    const direct = await evaluateTask(
      { index: 0, backtest: { log: base.log, params: top.params } },
      runBacktest,
    )
    expect(top.score).toBe(direct.metrics.spot.sharpe)
  })
  it('keeps failed runs as error rows at the end', async () => {
    const grid = parseGrid(['amount=1000000000000', 'fail=false,true'])
    const r = await runSweep(
      { ...base, grid },
      { runTask: (t) => evaluateTask(t, runBacktest), schema: null },
    )
    expect(r.rows[1]).toMatchObject({
      rank: 2,
      params: { fail: true },
      score: null,
      metrics: null,
      error: 'RangeError: cannot run with amount 1000000000000',
    })
  })
  it('walk-forward ranks on the train window and reports test', async () => {
    const r = await runSweep(
      { ...base, walkForward: 0.7, rankBy: 'twr' },
      { runTask: scrambled, schema: null },
    )
    expect(r.split?.train[0]).toBe(Date.UTC(2025, 0, 1))
    expect(r.split?.train[1]).toBe(r.split?.test[0])
    for (const row of r.rows) {
      expect(row.score).toBe(row.train?.twr)
      expect(row.test?.twr).toMatch(/^-?\d+\.\d{8}$/)
      expect(row.test?.twr).not.toBe(row.train?.twr)
    }
    const csv = formatSweepCsv(r)
    expect(csv.split('\n')[0]).toMatch(
      /^rank,amount,slippageBps,score\(twr\),train\.sharpe,.*,test\.sharpe,.*,full\.sharpe,.*,error$/,
    )
  })
  it('rejects bad options before running anything', async () => {
    const runTask = () => Promise.reject(new Error('should not run'))
    await expect(runSweep({ ...base, rankBy: 'profit' }, { runTask })).rejects.toThrow(
      /Unknown --rank-by metric "profit"[\s\S]*known metrics: sharpe, sortino/,
    )
    await expect(runSweep({ ...base, walkForward: 1.2 }, { runTask })).rejects.toThrow(
      /--walk-forward: 1.2 is not a fraction/,
    )
  })
  it('writes CSV and JSON', async () => {
    const r = await runSweep(
      { ...base, grid: parseGrid(['amount=500000000000,1000000000000']) },
      { runTask: scrambled, schema: null },
    )
    const lines = formatSweepCsv(r).trimEnd().split('\n')
    expect(lines).toHaveLength(3)
    expect(lines[0].startsWith('rank,amount,score(sharpe),sharpe,sortino,')).toBe(true)
    expect(lines[1].startsWith(`1,${r.rows[0].params.amount},${r.rows[0].score},${r.rows[0].score},`)).toBe(
      true,
    )
    expect(JSON.parse(formatSweepJson(r)).rows[0].rank).toBe(1)
    expect(formatSweepTable(r)).toMatch(/^ *# +amount +sharpe +twr +maxDrawdown\n *1 /)
  })
})

describe('runSweep coerces fixed params like grid params', () => {
  it('a fixed --param slippageBps=100 reaches the strategy as the number its schema wants', async () => {
    const dca = (await import('../../../agents/dca.ts')).default
    const seen: Array<Record<string, unknown>> = []
    await runSweep(
      {
        ...base,
        grid: parseGrid(['amount=500000000000,1000000000000']),
        params: { slippageBps: '100' },
        workers: 1,
      },
      {
        schema: dca.config.params as never,
        runTask: (t) => {
          seen.push(t.backtest.params as Record<string, unknown>)
          return evaluateTask(t, runBacktest)
        },
      },
    )
    expect(seen.map((p) => [p.amount, p.slippageBps])).toEqual([
      ['500000000000', 100],
      ['1000000000000', 100],
    ])
  })
})
