import { describe, expect, it } from 'vitest'
import { makeId } from '../../src/ao/ids.ts'
import { BaselinePortfolio } from '../../src/harness/backtest/BaselinePortfolio.ts'
import { baselineAllocation } from '../../src/harness/backtest/baselineAllocation.ts'
import type { PortfolioPool } from '../../src/harness/backtest/PortfolioTracker.ts'
import type { MarketInfo } from '../../src/harness/market/marketInfo.ts'
import type { PoolAdapter, Reserves } from '../../src/harness/market/PoolAdapter.ts'

const usd = { id: makeId('usd'), ticker: 'USD', denomination: 6 }
const tok = (t: string) => ({ id: makeId(t), ticker: t, denomination: 12 })
const [alfa, bravo, charlie] = [tok('ALFA'), tok('BRAVO'), tok('CHARLIE')]
const assets = [alfa, bravo, charlie].map((token) => ({ token, pool: makeId(`pool:${token.ticker}`) }))

/** A pool whose reserves (asset, numeraire) follow `at(t)`; BRAVO's pool lists the numeraire as token A. */
function pool(token: typeof alfa, at: (t: number) => [bigint, bigint]): PortfolioPool {
  const numFirst = token === bravo
  const info = {
    pool: makeId(`pool:${token.ticker}`),
    base: token,
    quote: usd,
    tokenA: numFirst ? usd.id : token.id,
    tokenB: numFirst ? token.id : usd.id,
  } as MarketInfo
  const adapter = {
    async reserves({ timestamp }: { timestamp: number }): Promise<Reserves> {
      const [asset, num] = at(timestamp)
      return numFirst ? { a: num, b: asset } : { a: asset, b: num }
    },
  } as PoolAdapter
  return { info, pool: adapter }
}

describe('baselineAllocation: what buy and hold holds in a multi-pool run', () => {
  it("takes the agent's target weights, then the assets the params name, then the agent's primary asset", () => {
    const list = [
      { token: alfa.id, pool: assets[0].pool, weightBps: 4000 },
      { token: bravo.id, pool: assets[1].pool, weightBps: '3500' },
      { token: charlie.id, pool: assets[2].pool, weightBps: 2000 },
    ]
    const t = baselineAllocation({ numeraire: usd.id, assets: list }, assets, usd, alfa)
    expect(t.weights).toEqual([
      { token: alfa.id, bps: 4000n },
      { token: bravo.id, bps: 3500n },
      { token: charlie.id, bps: 2000n },
    ])
    expect(t.label).toBe(
      "the agent's target weights (params.assets: ALFA 40 %, BRAVO 35 %, CHARLIE 20 %; the other 5 % kept in USD) bought with each deposit, never rebalanced",
    )
    // a list that names a token outside the market, or sums above 100 %, is no target: the named assets are
    const stray = [...list.slice(0, 2), { token: makeId('elsewhere'), weightBps: 2500 }]
    const over = list.map((x) => ({ ...x, weightBps: 5000 }))
    for (const bad of [stray, over]) {
      const e = baselineAllocation({ assets: bad }, assets, usd, alfa)
      expect(e.weights.map((w) => w.bps)).toEqual(bad === stray ? [5000n, 5000n] : [3334n, 3333n, 3333n])
      expect(e.label).toMatch(/in equal parts/)
    }
    // two pools named by id: equal parts; one asset or none: the primary asset, as a single-pool run
    expect(baselineAllocation({ poolA: assets[2].pool, poolB: assets[1].pool }, assets, usd, alfa)).toEqual({
      weights: [
        { token: bravo.id, bps: 5000n },
        { token: charlie.id, bps: 5000n },
      ],
      label: 'BRAVO, CHARLIE in equal parts (the assets the params name) bought with each deposit',
    })
    expect(baselineAllocation({ pool: assets[1].pool }, assets, usd, alfa)).toEqual({
      weights: [{ token: bravo.id, bps: 10_000n }],
      label: 'BRAVO bought with each deposit',
    })
    expect(baselineAllocation({ amount: '5' }, assets, usd, charlie).label).toBe(
      'CHARLIE bought with each deposit',
    )
  })
})

describe('BaselinePortfolio: buy and hold across pools, integer maths', () => {
  const flows = [
    { t: 10, amount: '1000000' },
    { t: 30, amount: '-250001' },
  ]

  it('with one asset at 100 % it is exactly the single-pool baseline', async () => {
    const at = (t: number): [bigint, bigint] => (t < 5 ? [0n, 0n] : [3_000_000n + BigInt(t) * 7n, 1_999_999n])
    const b = new BaselinePortfolio(
      { weights: [{ token: alfa.id, bps: 10_000n }], label: '' },
      [pool(alfa, at)],
      () => 1,
    )
    // the single-pool recorder's formulas (EquityRecorder / equitySample)
    let base = 0n
    let applied = 0
    for (const t of [1, 10, 20, 30, 40]) {
      const [rb, rq] = at(t)
      while (rb > 0n && applied < flows.length && flows[applied].t <= t)
        base += (BigInt(flows[applied++].amount) * rb) / rq
      expect(await b.value(t, flows), `t=${t}`).toBe(rb === 0n ? 0n : (base * rq) / rb)
    }
  })

  it('splits each flow by the weights, buys each part at its pool’s spot, keeps the rest, and waits for liquidity', async () => {
    let empty = true
    const pools = [
      pool(alfa, () => [1_000_000n, 3_000_000n]),
      pool(bravo, (t) => (empty ? [0n, 0n] : [5_000_000n, t < 30 ? 1_000_000n : 2_000_000n])),
    ]
    const b = new BaselinePortfolio(
      {
        weights: [
          { token: alfa.id, bps: 3333n },
          { token: bravo.id, bps: 6000n },
        ],
        label: '',
      },
      pools,
      () => 1,
    )
    // BRAVO's pool is empty: no flow is applied yet
    expect(await b.value(10, flows)).toBe(0n)
    empty = false
    // 1e6 → ALFA part 333300 buys ⌊333300·1e6/3e6⌋ = 111100, BRAVO part 600000 buys 3000000, 66700 stays cash
    expect(await b.value(20, flows)).toBe(66_700n + (111_100n * 3_000_000n) / 1_000_000n + 600_000n)
    // BRAVO doubles; the withdrawal −250001 sells −83325 (ALFA, ⌊−83325·1e6/3e6⌋ → −27775) and −150000 (BRAVO,
    // −375000 units), truncated toward zero; −16676 leaves the cash
    const cash = 66_700n - 16_676n
    const alfaUnits = 111_100n - 27_775n
    const bravoUnits = 3_000_000n - 375_000n
    expect(await b.value(30, flows)).toBe(cash + alfaUnits * 3n + (bravoUnits * 2_000_000n) / 5_000_000n)
  })
})
