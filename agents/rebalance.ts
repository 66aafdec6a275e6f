import { basisPoints, defineStrategy, type Expr, map, processId, quantity, ring } from 'afk'
import { z } from 'zod'

/** 30 days */
const MAX_TIMEOUT_MS = 2_592_000_000n
const BPS = 10_000

const asset = z.object({ token: processId(), pool: processId(), weightBps: basisPoints() })

/**
 * Index rebalancer: 2–8 assets with target weights (bps, summing to 10,000), each traded against one numeraire
 * token through its own Botega pool. Every tick values the holdings from pool quotes (one scatter-gather); when the
 * calendar is due or an asset drifted beyond the band (absolute bps, or relative to its target), it sells the
 * overweight assets (all orders in flight together), then buys the underweight ones with what the sells brought.
 * Trades below `minTrade` (numeraire units) are skipped; every swap carries a min-output `slippageBps` under its
 * quote; refunds and timeouts leave the funds where the token ledgers say. `Liquidate` sells every asset to the
 * numeraire, then pays the owner everything it holds.
 */
export default defineStrategy({
  id: 'rebalance',
  description: 'Keep 2–8 assets at target weights against a numeraire through Botega pools.',
  params: z.object({
    numeraire: processId(),
    assets: z
      .array(asset)
      .min(2)
      .max(8)
      .refine((xs) => xs.reduce((s, a) => s + a.weightBps, 0) === BPS, {
        message: `target weights must sum to ${BPS} bps`,
      }),
    /** drift band in bps: absolute (|weight − target| > band) or relative (|weight − target| > band × target) */
    bandBps: basisPoints(),
    relativeBand: z.boolean().default(false),
    /** also rebalance every N ticks regardless of drift (0: threshold only) */
    calendarTicks: z.number().int().min(0).max(1_000_000).default(0),
    /** smallest trade, in numeraire units */
    minTrade: quantity({ min: 1n }),
    slippageBps: basisPoints(5_000),
    /** quote size for an asset the agent holds less of (a price read needs a positive amount) */
    probe: quantity({ min: 1n }),
    quoteTimeoutMs: quantity({ min: 1n, max: MAX_TIMEOUT_MS }).default(60_000n),
    swapTimeoutMs: quantity({ min: 1n, max: MAX_TIMEOUT_MS }).default(600_000n),
    keeper: z.string().default(''),
  }),
  tokens: ['numeraire'],
  listTokens: { assets: 'token' },
  cron: { interval: '1-hour' },
  context: {
    /** Idle (nothing to do or not valued yet), Balanced, Rebalancing, Liquidating, Liquidated or Halted */
    status: 'Idle',
    total: 0n,
    /** largest |weight − target| of the last valuation, bps */
    maxDriftBps: 0n,
    ticks: 0n,
    sinceRebalance: 0n,
    rebalances: 0n,
    busyTicks: 0n,
    fills: 0n,
    refunds: 0n,
    failures: 0n,
    quoteFailures: 0n,
    /** per asset index: weight and drift (bps) at the last valuation, value and target (numeraire) */
    weight: map(),
    drift: map(),
    value: map(),
    target: map(),
    /** rebalance history (newest last): when, portfolio value before, max drift, swaps filled */
    histAt: ring(16),
    histValue: ring(16),
    histDrift: ring(16),
    histFills: ring(16),
  },
  machine: (x) => {
    const { p, c, ev } = x
    const key = (i: Expr<'int'>) => x.concat(i)
    const held = (a: { token: Expr<'str'> }) => x.balOf(a.token)
    // value of an asset's holding from its gathered quote (fees and the quote's price impact included), floor
    const heldValue = (a: { token: Expr<'str'> }, i: Expr<'int'>) =>
      x.mulDiv(held(a), x.quoted(i, 'output'), x.quoted(i, 'amountIn'))
    const total = x.add(
      x.valuation(p.assets, (a) => held(a)),
      x.bal('numeraire'),
    )
    const weightOf = (a: any, i: any) =>
      x.ifElse(x.gt(total, 0), x.mulDiv(heldValue(a, i), BPS, x.max(total, 1)), 0)
    const driftOf = (a: any, i: any) => x.abs(x.sub(weightOf(a, i), a.weightBps))
    const outOfBand = (a: any, i: any) =>
      x.ifElse(
        p.relativeBand,
        x.gt(x.mul(driftOf(a, i), BPS), x.mul(p.bandBps, a.weightBps)),
        x.gt(driftOf(a, i), p.bandBps),
      )
    const calendarDue = x.and(x.gt(p.calendarTicks, 0), x.ge(c.sinceRebalance, p.calendarTicks))
    const quoteAssets = x.quoteAll(
      p.assets,
      (a) => ({ pool: a.pool, tokenIn: a.token, amountIn: x.max(held(a), p.probe) }),
      { timeoutMs: p.quoteTimeoutMs },
    )
    // the valuation, stored per asset index for the sells, the buys and Status
    const record = [
      x.assign({ total, maxDriftBps: x.max(p.assets, (a, i) => driftOf(a, i)) }),
      x.forEach(p.assets, (a, i) => [
        x.set(c.value, key(i), heldValue(a, i)),
        x.set(c.target, key(i), x.mulDiv(c.total, a.weightBps, BPS)),
        x.set(c.weight, key(i), weightOf(a, i)),
        x.set(c.drift, key(i), x.sub(weightOf(a, i), a.weightBps)),
      ]),
    ]
    const excess = (i: any) => x.sub(x.get(c.value, key(i)), x.get(c.target, key(i)))
    const deficit = (i: any) => x.sub(x.get(c.target, key(i)), x.get(c.value, key(i)))
    // sell the overweight part (at least minTrade of value), min output `slippageBps` under the quote's rate
    const sellAmount = (a: any, i: any) =>
      x.ifElse(
        x.and(x.quoted(i, 'ok'), x.ge(excess(i), p.minTrade)),
        x.min(held(a), x.mulDiv(held(a), excess(i), x.max(x.get(c.value, key(i)), 1))),
        0,
      )
    const sells = x.swapAll(
      p.assets,
      (a, i) => ({
        pool: a.pool,
        tokenIn: a.token,
        tokenOut: p.numeraire,
        amountIn: sellAmount(a, i),
        minOut: x.max(
          1,
          x.minusBps(
            x.mulDiv(sellAmount(a, i), x.quoted(i, 'output'), x.quoted(i, 'amountIn')),
            p.slippageBps,
          ),
        ),
      }),
      { timeoutMs: p.swapTimeoutMs },
    )
    // buy the underweight parts with the numeraire at hand, scaled down when the sells brought less than planned
    const wanted = x.sum(p.assets, (_a, i) => x.ifElse(x.ge(deficit(i), p.minTrade), deficit(i), 0))
    const spend = (i: any) =>
      x.ifElse(
        x.and(x.quoted(i, 'ok'), x.ge(deficit(i), p.minTrade)),
        x.mulDiv(deficit(i), x.min(x.bal('numeraire'), wanted), x.max(wanted, 1)),
        0,
      )
    // expected asset out: the inverse of the gathered sell rate (which holds the fee once more: a tighter minimum)
    const buys = x.swapAll(
      p.assets,
      (a, i) => ({
        pool: a.pool,
        tokenIn: p.numeraire,
        tokenOut: a.token,
        amountIn: x.ifElse(x.ge(spend(i), p.minTrade), spend(i), 0),
        minOut: x.max(
          1,
          x.minusBps(
            x.mulDiv(spend(i), x.quoted(i, 'amountIn'), x.max(x.quoted(i, 'output'), 1)),
            p.slippageBps,
          ),
        ),
      }),
      { timeoutMs: p.swapTimeoutMs },
    )
    const liquidation = x.swapAll(
      p.assets,
      (a, i) => ({
        pool: a.pool,
        tokenIn: a.token,
        tokenOut: p.numeraire,
        amountIn: x.ifElse(x.quoted(i, 'ok'), held(a), 0),
        minOut: x.max(
          1,
          x.minusBps(x.mulDiv(held(a), x.quoted(i, 'output'), x.quoted(i, 'amountIn')), p.slippageBps),
        ),
      }),
      { timeoutMs: p.swapTimeoutMs },
    )
    const outcomes = {
      'swap.filled': { actions: x.assign({ fills: x.add(c.fills, 1) }) },
      'swap.refunded': { actions: x.assign({ refunds: x.add(c.refunds, 1) }) },
      'swap.failed': { actions: x.assign({ failures: x.add(c.failures, 1) }) },
    } as const
    const busy = { tick: { actions: x.assign({ busyTicks: x.add(c.busyTicks, 1) }) } } as const
    return {
      initial: 'idle',
      on: {
        ...outcomes,
        'owner.halt': { actions: x.assign({ status: 'Halted' }) },
        'owner.resume': { actions: x.assign({ status: 'Idle' }) },
        'owner.liquidate': {
          target: '.liquidating',
          actions: [x.assign({ status: 'Liquidating' }), quoteAssets],
        },
      },
      states: {
        idle: {
          on: {
            tick: {
              target: 'valuing',
              actions: [
                x.assign({ ticks: x.add(c.ticks, 1), sinceRebalance: x.add(c.sinceRebalance, 1) }),
                quoteAssets,
              ],
            },
          },
        },
        valuing: {
          on: {
            ...busy,
            quotes: [
              {
                guard: x.gt(ev.failed, 0),
                target: 'idle',
                actions: x.assign({ quoteFailures: x.add(c.quoteFailures, ev.failed), status: 'Idle' }),
              },
              {
                guard: x.and(
                  x.gt(total, 0),
                  x.or(
                    calendarDue,
                    x.gt(
                      x.count(p.assets, (a, i) => outOfBand(a, i)),
                      0,
                    ),
                  ),
                ),
                target: 'selling',
                actions: [
                  ...record,
                  x.push(c.histAt, x.now),
                  x.push(c.histValue, c.total),
                  x.push(c.histDrift, c.maxDriftBps),
                  x.assign({ status: 'Rebalancing', sinceRebalance: 0, fills: 0 }),
                  sells,
                ],
              },
              {
                target: 'idle',
                actions: [...record, x.assign({ status: x.ifElse(x.gt(c.total, 0), 'Balanced', 'Idle') })],
              },
            ],
          },
        },
        selling: { on: { ...busy, 'swaps.done': { target: 'buying', actions: buys } } },
        buying: {
          on: {
            ...busy,
            'swaps.done': {
              target: 'idle',
              actions: [
                x.push(c.histFills, c.fills),
                x.assign({ rebalances: x.add(c.rebalances, 1), status: 'Balanced' }),
              ],
            },
          },
        },
        liquidating: {
          on: {
            ...busy,
            quotes: { actions: liquidation },
            'swaps.done': {
              target: 'liquidated',
              actions: [
                x.assign({ status: 'Liquidated' }),
                // the liquidation ends: the owner gets the numeraire and anything a refund or failure left
                x.payOwner({ token: p.numeraire }),
                x.forEach(p.assets, (a) => [x.payOwner({ token: a.token })]),
              ],
            },
          },
        },
        // paid out; a later deposit or late fill is withdrawable, a new Liquidate sells and pays again
        liquidated: {},
      },
    }
  },
})
