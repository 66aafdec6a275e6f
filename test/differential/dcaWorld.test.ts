import { beforeAll, describe, expect, it } from 'vitest'
import { PRICE_SCALE } from '../../agents/dca.ts'
import type { AoMessage } from '../../src/ao/message.ts'
import { botegaFees, botegaSwap } from '../../src/models/botegaSwap.ts'
import { type AttackScene, createAttackWorld, T0 } from '../utils/attackWorld.ts'

const HOUR = 3_600_000
const E6 = 1_000_000n
const E12 = 10n ** 12n
const tag = (m: { Tags: AoMessage['Tags'] }, n: string) => m.Tags.find((t) => t.name === n)?.value

/** A fill as the token announced it to a swapper: the pool's output and its reserves after the swap. */
interface SwapOutput {
  recipient: string
  tokenOut: string
  out: bigint
  reserveA: bigint
  reserveB: bigint
}

/**
 * The complete DCA (agents/dca.ts) on the production aos module, TS and Lua engines in lockstep (the DualEngine
 * compares every outbound message and the Status after every message), in a World with our token and Botega pool
 * processes on aos. Each scenario sets its params with the owner's Update-Params, so one spawned world serves all.
 */
describe('DCA agent on aos with our token and pool processes', () => {
  let env: Awaited<ReturnType<typeof createAttackWorld>>
  beforeAll(async () => {
    env = await createAttackWorld()
  }, 180_000)

  /** Every pool output (the agent's fills and other traders'), in order, and the agent's swap orders. */
  function watch(s: AttackScene) {
    const outputs: SwapOutput[] = []
    const orders: Array<{ amountIn: bigint; minOut: bigint; at: number }> = []
    const quotes: Array<{ amountIn: bigint; output: bigint }> = []
    s.world.onEvaluated((e) => {
      if (e.process === s.ids.base || e.process === s.ids.quote)
        for (const m of e.result.Messages)
          if (tag(m, 'Action') === 'Credit-Notice' && tag(m, 'X-Action') === 'Swap-Output')
            outputs.push({
              recipient: m.Target,
              tokenOut: e.process,
              out: BigInt(tag(m, 'Quantity')!),
              reserveA: BigInt(tag(m, 'X-Reserves-Token-A')!),
              reserveB: BigInt(tag(m, 'X-Reserves-Token-B')!),
            })
      if (e.process !== s.ids.agent) return
      if (tag(e.message, 'Action') === 'Get-Swap-Output-Response')
        quotes.push({
          amountIn: ['Quantity-After-Fees', 'LP-Fee-Quantity', 'Protocol-Fee-Quantity']
            .map((n) => BigInt(tag(e.message, n) ?? '0'))
            .reduce((x, y) => x + y),
          output: BigInt(tag(e.message, 'Output')!),
        })
      for (const m of e.result.Messages)
        if (tag(m, 'X-Action') === 'Swap' && m.Target === s.ids.quote)
          orders.push({
            amountIn: BigInt(tag(m, 'Quantity')!),
            minOut: BigInt(tag(m, 'X-Expected-Min-Output')!),
            at: e.at,
          })
    })
    return { outputs, orders, quotes }
  }

  const setParams = async (s: AttackScene, p: Record<string, string>) => {
    s.command('Update-Params', {}, JSON.stringify(p))
    await s.run(1_000)
  }
  const status = async (s: AttackScene) => JSON.parse(await s.dual.statusJson())
  /** A trader's swap straight through the pool (not the agent). */
  const trade = (s: AttackScene, token: 'quote' | 'base', amount: bigint, at = s.world.now) =>
    s.send(
      s.ids.lp,
      s.ids[token],
      {
        Action: 'Transfer',
        Recipient: s.ids.pool,
        Quantity: String(amount),
        'X-Action': 'Swap',
        'X-Expected-Min-Output': '1',
      },
      '',
      at,
    )
  /** Mints the trader 10^12 of each token (the token owner's Mint: it touches no agent or owner balance). */
  const fundTrader = async (s: AttackScene) => {
    for (const t of [s.ids.base, s.ids.quote])
      s.send(s.ids.owner, t, { Action: 'Mint', Quantity: String(E12), Recipient: s.ids.lp })
    await s.run(1_000)
  }

  /**
   * Walks the pool's outputs in order from the provided reserves (10^12 each): each swap's input is the growth of
   * the input reserve (no protocol fee here), and the pool maths (src/models/botegaSwap) must give exactly the
   * output and both reserves the pool reported.
   */
  function expectPoolMaths(s: AttackScene, outputs: SwapOutput[]): bigint[] {
    let [a, b] = [E12, E12]
    const inputs: bigint[] = []
    for (const o of outputs) {
      const baseOut = o.tokenOut === s.ids.base
      const [rIn, rOut, postIn, postOut] = baseOut
        ? [b, a, o.reserveB, o.reserveA]
        : [a, b, o.reserveA, o.reserveB]
      const amountIn = postIn - rIn
      const r = botegaSwap(rIn, rOut, amountIn, 25, 0)
      expect([r.amountOut, r.newReserveIn, r.newReserveOut]).toEqual([o.out, postIn, postOut])
      inputs.push(amountIn)
      ;[a, b] = [o.reserveA, o.reserveB]
    }
    return inputs
  }

  it('100 ticks on a moving pool: every fill equals the pool maths; Status records fills, fees and the average price', async () => {
    const s = env.fresh()
    const w = watch(s)
    await fundTrader(s)
    await s.deposit(150n * E6)
    // a trader moves the price between the agent's buys: a seeded walk of swaps either way
    let seed = 7
    const rnd = () => {
      seed = (seed * 48_271) % 2_147_483_647
      return seed
    }
    for (let h = 0; h < 100; h++)
      trade(s, rnd() % 2 ? 'quote' : 'base', BigInt(1 + (rnd() % 40)) * 10n ** 9n, T0 + h * HOUR + HOUR / 2)
    await s.world.run({ until: T0 + 100 * HOUR + 60_000 })
    const st = await status(s)
    const agentFills = w.outputs.filter((o) => o.recipient === s.ids.agent)
    expect(agentFills.length).toBe(100)
    expect(w.outputs.length).toBe(200)
    // the chain of every swap the pool made, from its first reserves
    const inputs = expectPoolMaths(s, w.outputs)
    // planted drift: one unit more on one fill is caught
    const drifted = w.outputs.map((o, i) => (i === 57 ? { ...o, out: o.out + 1n } : o))
    expect(() => expectPoolMaths(s, drifted)).toThrow()
    const agentInputs = inputs.filter((_, i) => w.outputs[i].recipient === s.ids.agent)
    expect(agentInputs).toEqual(w.orders.map((o) => o.amountIn))
    const spent = agentInputs.reduce((x, y) => x + y, 0n)
    const bought = agentFills.reduce((x, o) => x + o.out, 0n)
    const fees = agentInputs.reduce((x, i) => x + botegaFees(i, 25, 0).totalFee, 0n)
    expect(spent).toBe(100n * E6)
    expect(st.context).toMatchObject({
      buys: '100',
      spent: String(spent),
      bought: String(bought),
      fees: String(fees),
      avgPrice: String((spent * PRICE_SCALE) / bought),
      failures: '0',
      skipped: '0',
      missed: '0',
    })
    // the ring keeps the last 16 fills, oldest first
    expect(st.context.fillOut).toEqual(agentFills.slice(-16).map((o) => String(o.out)))
    expect(st.context.fillIn).toEqual(agentInputs.slice(-16).map(String))
    expect(st.context.fillFee).toEqual(
      agentInputs.slice(-16).map((i) => String(botegaFees(i, 25, 0).totalFee)),
    )
    // each swap's min output is the quote minus 1 % (rounded down), and each quote is the pool's own output then
    expect(w.orders.every((o, i) => o.minOut === (w.quotes[i].output * 9_900n) / 10_000n)).toBe(true)
    expect(s.books('base')).toBe(bought)
    expect(s.books('quote')).toBe(50n * E6)
    await s.ownerWithdrawsEverything()
  }, 600_000)

  it('a tight-slippage buy is refunded (price moved after the quote) and the agent buys again in the next slot', async () => {
    const s = env.fresh()
    const w = watch(s)
    await fundTrader(s)
    await s.deposit(10n * E6)
    await setParams(s, { slippageBps: '0' })
    // the trader's buy lands between the agent's quote and its swap, once
    let raced = false
    s.world.onEvaluated((e) => {
      if (
        e.process === s.ids.agent &&
        !raced &&
        Object.values(s.state.orders).some((o) => o.kind === 'quote')
      ) {
        raced = true
        trade(s, 'quote', 10n ** 9n)
      }
    })
    await s.world.run({ until: T0 + 2 * HOUR + 60_000 })
    const st = await status(s)
    expect(st.context).toMatchObject({ buys: '1', refunds: '1', failures: '1', lastReason: 'refunded' })
    expect(st.context.skips).toEqual({ refunded: '1' })
    expect(st.context.reasons).toEqual(['8'])
    expect(st.value).toBe('idle')
    expect(w.orders.length).toBe(2)
    expect(s.books('quote')).toBe(9n * E6)
    await s.ownerWithdrawsEverything()
  }, 300_000)

  it('a duplicated tick and a late tick in one slot buy once', async () => {
    const s = env.fresh()
    const w = watch(s)
    await s.deposit(10n * E6)
    const crons: AoMessage[] = []
    s.world.onEvaluated((e) => {
      if (e.process === s.ids.agent && e.message.Cron === true) crons.push(e.message)
    })
    await s.world.run({ until: T0 + HOUR + 60_000 })
    expect(crons.length).toBe(1)
    // the same cron re-delivered, and a tick 40 minutes late in the same hour slot
    s.world.inject({ ...crons[0], Timestamp: s.world.now + 10 })
    s.world.inject({ ...crons[0], Id: undefined, Timestamp: crons[0].Timestamp + 40 * 60_000 })
    await s.world.run({ until: T0 + 2 * HOUR - 60_000 })
    let st = await status(s)
    expect(st.context).toMatchObject({ buys: '1', sameSlot: '2' })
    expect(w.orders.length).toBe(1)
    await s.world.run({ until: T0 + 2 * HOUR + 60_000 })
    st = await status(s)
    expect(st.context).toMatchObject({ buys: '2', sameSlot: '2' })
    await s.ownerWithdrawsEverything()
  }, 300_000)

  it('start and end time, budget cap, catch-up, price ceiling', async () => {
    const s = env.fresh()
    const w = watch(s)
    await fundTrader(s)
    await s.deposit(100n * E6)
    // slots start at the 2nd tick; none at or after the 6th; at most 3.5 units of quote in all
    const start = T0 + 2 * HOUR - 60_000
    await setParams(s, { startMs: String(start), endMs: String(T0 + 6 * HOUR - 60_000), budget: '3500000' })
    await s.world.run({ until: T0 + 8 * HOUR + 60_000 })
    let st = await status(s)
    expect(w.orders.map((o) => [o.at - T0 < 2 * HOUR, o.amountIn])).toEqual([
      [false, E6],
      [false, E6],
      [false, E6],
      [false, E6 / 2n],
    ])
    expect(st.context).toMatchObject({ buys: '4', spent: '3500000', skipped: '0' })
    // a cap left at zero skips the slot, with the reason
    await setParams(s, { endMs: '0' })
    await s.world.run({ until: T0 + 9 * HOUR + 60_000 })
    st = await status(s)
    expect(st.context).toMatchObject({ buys: '4', skipped: '1', lastReason: 'budget' })
    expect(st.context.skips).toEqual({ budget: '1' })

    // catch-up: three slots missed while paused, two caught up (maxCatchUp) in one buy, one counted as missed
    await setParams(s, { budget: '0', catchUp: 'true', maxCatchUp: '2' })
    s.command('Pause')
    await s.world.run({ until: T0 + 12 * HOUR + 60_000 })
    s.command('Resume')
    await s.world.run({ until: T0 + 13 * HOUR + 60_000 })
    st = await status(s)
    expect(w.orders.at(-1)!.amountIn).toBe(3n * E6)
    // missed: the 3 slots after the end time (4, 5, 6) and 1 of the paused ones
    expect(st.context).toMatchObject({ buys: '5', missed: '4' })

    // price ceiling: just above the current price, then the trader pumps base and the next slot is skipped
    const price = (w.quotes.at(-1)!.amountIn * PRICE_SCALE) / w.quotes.at(-1)!.output
    await setParams(s, { priceCeiling: String((price * 1_01n) / 100n), catchUp: 'false' })
    await s.world.run({ until: T0 + 14 * HOUR + 60_000 })
    st = await status(s)
    expect(st.context).toMatchObject({ buys: '6' })
    trade(s, 'quote', 50n * 10n ** 9n)
    await s.world.run({ until: T0 + 15 * HOUR + 60_000 })
    st = await status(s)
    expect(st.context).toMatchObject({ buys: '6', lastReason: 'price-ceiling' })
    expect(st.context.skips).toEqual({ budget: '1', 'price-ceiling': '1' })
    expect(st.context.reasons).toEqual(['4', '3'])
    expect(w.orders.length).toBe(6)
    await s.ownerWithdrawsEverything()
  }, 600_000)

  it('value averaging buys the shortfall to a target path growing by the amount per slot, within bounds', async () => {
    const s = env.fresh()
    const w = watch(s)
    await fundTrader(s)
    await s.deposit(100n * E6)
    await setParams(s, { valueAveraging: 'true', vaMaxMultiple: '3' })
    // the price is pumped after the 2nd buy and dumped hard after the 4th
    trade(s, 'quote', 60n * 10n ** 9n, T0 + 2 * HOUR + HOUR / 2)
    trade(s, 'base', 500n * 10n ** 9n, T0 + 4 * HOUR + HOUR / 2)
    await s.world.run({ until: T0 + 6 * HOUR + 60_000 })
    // every buy is min(clamp(target − value, 0, 3 × amount), quote) with value = base held at the probe's price
    const probes = w.quotes.filter((q) => q.amountIn === E6)
    expect(probes.length).toBe(6)
    const fills = w.outputs.filter((o) => o.recipient === s.ids.agent)
    let [held, f] = [0n, 0]
    const expected = probes.map((q, k) => {
      const value = (held * q.amountIn) / q.output
      const short = BigInt(k + 1) * E6 - value
      const buy = short < 0n ? 0n : short > 3n * E6 ? 3n * E6 : short
      if (buy > 0n) held += fills[f++].out
      return buy
    })
    expect(w.orders.map((o) => o.amountIn)).toEqual(expected.filter((x) => x > 0n))
    expect(expected.some((x) => x > E6)).toBe(true) // bought more below the path
    expect(expected.some((x) => x < E6)).toBe(true) // and less above it
    expect(expected.includes(3n * E6)).toBe(true) // within the bound
    const st = await status(s)
    expect(st.context.vaTarget).toBe(String(6n * E6))
    await s.ownerWithdrawsEverything()
  }, 600_000)

  it('Liquidate while a buy is in flight: the sale, then the base of the late fill, then it stops and pays the owner', async () => {
    const s = env.fresh()
    const w = watch(s)
    await s.deposit(10n * E6)
    await s.world.run({ until: T0 + HOUR + 60_000 })
    const ownerQuote = await s.ledger('quote', s.ids.owner)
    let sent = false
    s.world.onEvaluated((e) => {
      if (e.process === s.ids.agent && !sent && w.orders.length === 2) {
        sent = true
        s.command('Liquidate')
      }
    })
    await s.world.run({ until: T0 + 2 * HOUR + 60_000 })
    const st = await status(s)
    const bought = w.outputs.filter((o) => o.recipient === s.ids.agent && o.tokenOut === s.ids.base)
    expect(bought.length).toBe(2)
    expect(st).toMatchObject({ value: 'stopped', done: true })
    expect(st.context).toMatchObject({
      buys: '2',
      liqTries: '2',
      sold: String(bought[0].out + bought[1].out),
    })
    expect(s.books('base')).toBe(0n)
    expect(await s.ledger('base')).toBe(0n)
    // no Withdraw: the end of the liquidation paid the owner the quote left and all the sale brought
    expect(s.books('quote')).toBe(0n)
    expect(await s.ledger('quote')).toBe(0n)
    expect((await s.ledger('quote', s.ids.owner)) - ownerQuote).toBe(8n * E6 + BigInt(st.context.received))
    expectPoolMaths(s, w.outputs)
  }, 300_000)

  it('lifecycle: fund, run, Pause/Resume, Halt, partial Withdraw, Liquidate (which pays the owner); the ledgers account for every unit', async () => {
    const s = env.fresh()
    const w = watch(s)
    const ledgers = async () => ({
      ownerQuote: await s.ledger('quote', s.ids.owner),
      ownerBase: await s.ledger('base', s.ids.owner),
      poolQuote: await s.ledger('quote', s.ids.pool),
      poolBase: await s.ledger('base', s.ids.pool),
    })
    const before = await ledgers()
    await s.deposit(20n * E6)
    await s.deposit(3n * E6, 'base')
    await s.world.run({ until: T0 + 2 * HOUR + 60_000 })
    expect(s.state.context.buys).toBe(2n)
    s.command('Pause')
    await s.world.run({ until: T0 + 3 * HOUR + 60_000 })
    expect(s.state.context.buys).toBe(2n)
    s.command('Resume')
    await s.world.run({ until: T0 + 4 * HOUR + 60_000 })
    expect(s.state.context.buys).toBe(3n)
    s.command('Halt')
    await s.world.run({ until: T0 + 5 * HOUR + 60_000 })
    expect(s.state.context.buys).toBe(3n)
    expect((await status(s)).halted).toBe(true)
    s.command('Resume')
    await s.world.run({ until: T0 + 6 * HOUR + 60_000 })
    expect(s.state.context.buys).toBe(4n)
    s.command('Withdraw', { Token: 'quote', Quantity: String(5n * E6) })
    await s.run(10_000)
    expect(s.books('quote')).toBe(11n * E6)
    const baseHeld = s.books('base')
    s.command('Liquidate')
    await s.run(60_000)
    const st = await status(s)
    expect(st).toMatchObject({ value: 'stopped', done: true })
    expect(st.context.sold).toBe(String(baseHeld))
    const received = BigInt(st.context.received)
    // no more buys once stopped
    await s.world.run({ until: T0 + 8 * HOUR + 60_000 })
    expect(s.state.context.buys).toBe(4n)
    // no Withdraw after Liquidate: its end paid the owner everything (books and the agent's ledgers empty)
    expect([s.books('quote'), s.books('base')]).toEqual([0n, 0n])
    // every deposited unit is back with the owner or went into the pool as a swap input (fees included), and
    // everything the pool paid out came back to the owner: both tokens' own ledgers
    const after = await ledgers()
    expect(after.ownerQuote - before.ownerQuote).toBe(-20n * E6 + 5n * E6 + 11n * E6 + received)
    expect(await s.ledger('quote')).toBe(0n)
    expect(await s.ledger('base')).toBe(0n)
    expect(after.ownerQuote - before.ownerQuote + (after.poolQuote - before.poolQuote)).toBe(0n)
    expect(after.ownerBase - before.ownerBase + (after.poolBase - before.poolBase)).toBe(0n)
    const ins = w.orders.map((o) => o.amountIn)
    expect(ins).toEqual([E6, E6, E6, E6])
    // the pool kept the buys' quote less what it paid for the base; fees paid are recorded per fill
    expect(before.poolQuote - after.poolQuote).toBe(received - 4n * E6)
    expect(st.context.fees).toBe(String(ins.reduce((x, i) => x + botegaFees(i, 25, 0).totalFee, 0n)))
    expectPoolMaths(s, w.outputs)
  }, 600_000)
})
