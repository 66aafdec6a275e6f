import { describe, expect, it } from 'vitest'
import params from '../../agents/rebalance.params.json' with { type: 'json' }
import rebalance from '../../agents/rebalance.ts'
import { compile } from '../../src/compiler/compile.ts'
import { createIndexWorld } from '../utils/indexWorld.ts'

const E6 = 1_000_000n
const E12 = 10n ** 12n

/** Weights (bps) of the last valuation, by asset index. */
const weights = (ctx: Record<string, unknown>, n: number) =>
  Array.from({ length: n }, (_, i) => (ctx.weight as Record<string, bigint>)[String(i)])

describe('agents/rebalance.ts on aos (TS and Lua engines in lockstep, our token and Botega pool processes)', () => {
  it('refuses target weights that do not sum to 10,000 bps, naming the field', () => {
    const bad = {
      ...params,
      assets: params.assets.map((a, i) => ({ ...a, weightBps: i === 0 ? 6000 : 3000 })),
    }
    const d = compile(rebalance, bad).diagnostics
    expect(d.map((x) => `${x.code}@${x.path.join('.')}: ${x.message}`)).toEqual([
      'invalid-params@params.assets: target weights must sum to 10000 bps',
    ])
    expect(compile(rebalance, params).diagnostics).toEqual([])
  })

  it('from a 70/30 drift on a 50/50 target, one rebalance brings the weights inside the band', async () => {
    const w = await createIndexWorld({ weights: [5000, 5000], liquidity: [E12, E12] })
    await w.deposit(w.ids.tokens[0], 700n * E6)
    await w.deposit(w.ids.tokens[1], 300n * E6)
    await w.nextTick() // values (70/30: out of the band), sells A, buys B
    expect(w.state.context.rebalances).toBe(1n)
    expect(w.state.context.maxDriftBps).toBeGreaterThan(1900n)
    expect(w.state.context.fills).toBe(2n) // the sell of A and the buy of B (counted per round)
    await w.nextTick() // values again: inside the band, no trade
    const ctx = w.state.context
    expect(ctx.status).toBe('Balanced')
    expect(ctx.rebalances).toBe(1n)
    for (const x of weights(ctx, 2)) expect(x > 4500n && x < 5500n, `weight ${x}`).toBe(true)
    expect((ctx.histValue as bigint[]).length).toBe(1)
    await w.ownerWithdrawsEverything()
  }, 120_000)

  it('4 assets work as well as 2', async () => {
    const w = await createIndexWorld({ weights: [4000, 3000, 2000, 1000], liquidity: [E12, E12, E12, E12] })
    for (const t of w.ids.tokens) await w.deposit(t, 250n * E6)
    await w.nextTick()
    expect(w.state.context.rebalances).toBe(1n)
    await w.nextTick()
    const ctx = w.state.context
    expect(ctx.status).toBe('Balanced')
    const targets = [4000n, 3000n, 2000n, 1000n]
    weights(ctx, 4).forEach((x, i) => {
      expect(x > targets[i] - 500n && x < targets[i] + 500n, `weight ${i}: ${x}`).toBe(true)
    })
    await w.ownerWithdrawsEverything()
  }, 180_000)

  it('with a thin pool, refunds keep every unit accounted for and the owner withdraws everything', async () => {
    // B's pool is thin: the buy of B cannot meet its min output and is refunded in full
    const w = await createIndexWorld({ weights: [5000, 5000], liquidity: [E12, 10n * E6] })
    const deposited = { a: 700n * E6, b: 3n * E6 }
    await w.deposit(w.ids.tokens[0], deposited.a)
    await w.deposit(w.ids.tokens[1], deposited.b)
    await w.nextTick()
    const ctx = w.state.context
    expect(ctx.refunds).toBeGreaterThan(0n)
    expect(ctx.rebalances).toBe(1n)
    // books equal the token ledgers, and the owner gets exactly the books
    const out = await w.ownerWithdrawsEverything()
    // what left the agent went to pools as swaps and came back as fills: the sell of A is the only trade
    expect(out['assets[0]']).toBeLessThan(deposited.a)
    expect(out['assets[1]']).toBe(deposited.b)
    expect(out.numeraire).toBeGreaterThan(0n)
  }, 120_000)

  it('Liquidate sells every asset to the numeraire and pays the owner (no Withdraw); the ledgers account for every unit', async () => {
    const w = await createIndexWorld({ weights: [5000, 5000], liquidity: [E12, E12] })
    const { owner, agent, numeraire, tokens, pools } = w.ids
    // the owner's and the pools' holdings of every token, on the token processes' own ledgers
    const ledgers = async () => {
      const out: bigint[] = []
      for (const t of [numeraire, ...tokens])
        for (const who of [owner, ...pools]) out.push(await w.ledger(t, who))
      return out
    }
    const before = await ledgers()
    await w.deposit(tokens[0], 500n * E6)
    await w.deposit(tokens[1], 500n * E6)
    w.command('Liquidate')
    await w.run(10_000)
    expect(w.state.context.status).toBe('Liquidated')
    for (const [name, id] of w.names) {
      expect(w.state.balances[name], name).toBe(0n)
      expect(await w.ledger(id, agent), name).toBe(0n)
    }
    const d = (await ledgers()).map((x, i) => x - before[i])
    const [ownerN, poolAN, poolBN, ownerA, poolA, , ownerB, , poolB] = d
    // each asset went from the owner to its pool whole (its 0.25 % fee included); the pools' numeraire came back
    // to the owner, 0.25 % fee and a negligible price impact under the deposits' value
    expect([ownerA, poolA, ownerB, poolB]).toEqual([-500n * E6, 500n * E6, -500n * E6, 500n * E6])
    expect(ownerN).toBe(-(poolAN + poolBN))
    expect(ownerN).toBeGreaterThan(997n * E6)
  }, 120_000)
})
