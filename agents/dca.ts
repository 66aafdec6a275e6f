import { basisPoints, defineStrategy, type Expr, map, processId, quantity, ring } from 'afk'
import { z } from 'zod'

/** 30 days */
const MAX_TIMEOUT_MS = 2_592_000_000n
/** Prices are quote units per base unit times this scale (integers: a price of 1 raw/raw is 10^12). */
export const PRICE_SCALE = 1_000_000_000_000n
/** How many fills and skip reasons Status keeps (oldest first). */
const RECENT = 16

/**
 * Codes in the `reasons` ring (a ring holds integers); `skips` counts the same reasons by name.
 * Skipped buys: 1 busy, 2 funds, 3 price-ceiling, 4 budget, 5 above-target (value averaging).
 * Failed buys: 6 quote-failed, 7 quote-timeout, 8 refunded, 9 swap-failed, 10 swap-timeout, 11 no-output.
 */
export const REASON = {
  busy: 1,
  funds: 2,
  'price-ceiling': 3,
  budget: 4,
  'above-target': 5,
  'quote-failed': 6,
  'quote-timeout': 7,
  refunded: 8,
  'swap-failed': 9,
  'swap-timeout': 10,
  'no-output': 11,
} as const

/**
 * Dollar-cost averaging through a Botega pool. Time is cut into fixed slots (slot = (now − startMs) // intervalMs);
 * a tick buys at most once per slot, so a duplicated or late tick never buys twice and the schedule does not drift
 * (the spawn cron should tick at least once per slot). Each buy quotes `Get-Swap-Output` and swaps with a min output
 * `slippageBps` under the quote; every wait has a timeout, so the agent is idle again before the next slot whatever
 * the pool answers (an error without X-Reference, Output=0, or nothing). Optional: a start and end time, a budget cap
 * on the quote spent, a price ceiling, catch-up of missed slots (bounded), and value averaging (the holdings'
 * value follows a target path growing by `amount` per slot; a buy = target − value, at most `vaMaxMultiple` ×
 * amount). `Liquidate` sells all base for quote, then stops and pays the owner everything it holds.
 */
export default defineStrategy({
  id: 'dca',
  description: 'Buy base with quote once per time slot through a Botega pool, with a full lifecycle.',
  params: z.object({
    base: processId(),
    quote: processId(),
    pool: processId(),
    /** quote units per buy */
    amount: quantity({ min: 1n }),
    slippageBps: basisPoints(5_000),
    // bounded: a timeout of 2^255 - 1 ms would overflow `now + timeout` on every tick
    quoteTimeoutMs: quantity({ min: 1n, max: MAX_TIMEOUT_MS }).default(60_000n),
    swapTimeoutMs: quantity({ min: 1n, max: MAX_TIMEOUT_MS }).default(600_000n),
    // a wallet allowed to send keeper ticks (`afk keeper`) where the network produces no crons; empty: none
    keeper: z.string().default(''),
    /** length of one buy slot (ms); the cron should tick at least this often */
    intervalMs: quantity({ min: 1_000n, max: 31_536_000_000n }).default(3_600_000n),
    /** first slot starts here (ms since epoch); ticks before it are skipped */
    startMs: quantity({ max: 1n << 64n }).default(0n),
    /** no buys at or after this time (ms since epoch); 0: no end */
    endMs: quantity({ max: 1n << 64n }).default(0n),
    /** most quote ever spent (fills, plus swaps whose outcome is still unknown); 0: no cap */
    budget: quantity().default(0n),
    /** skip a buy whose quoted price (quote per base × 10^12, rounded up) is above this; 0: no ceiling */
    priceCeiling: quantity().default(0n),
    /** missed-slot policy: false skips missed slots (counted), true buys for up to `maxCatchUp` of them at once */
    catchUp: z.boolean().default(false),
    maxCatchUp: quantity({ max: 100n }).default(3n),
    /** value averaging: buy target − value (target grows by `amount` per slot), at most `vaMaxMultiple` × amount */
    valueAveraging: z.boolean().default(false),
    vaMaxMultiple: quantity({ min: 1n, max: 100n }).default(3n),
  }),
  tokens: ['base', 'quote'],
  cron: { interval: '1-hour' },
  context: {
    /** last slot a tick acted in (-1: none yet) */
    lastSlot: -1n,
    /** quote units of the buy in progress */
    want: 0n,
    /** value averaging: the buy in progress has been sized from a first quote */
    sized: false,
    /** value averaging: target value of the holdings, in quote units */
    vaTarget: 0n,
    buys: 0n,
    spent: 0n,
    bought: 0n,
    fees: 0n,
    /** floor(spent × 10^12 / bought): average entry price, quote per base × PRICE_SCALE */
    avgPrice: 0n,
    lastQuote: 0n,
    lastFee: 0n,
    /** quote in swaps that timed out and whose fill or refund has not arrived (kept off the budget) */
    late: 0n,
    /** ticks in a slot that already acted (duplicates, keeper and cron in one slot) */
    sameSlot: 0n,
    /** slots with no tick, not caught up */
    missed: 0n,
    refunds: 0n,
    failures: 0n,
    skipped: 0n,
    lastReason: '',
    /** counts per reason (see REASON) */
    skips: map(),
    reasons: ring(RECENT),
    // recent fills, one ring per field, oldest first
    fillIn: ring(RECENT),
    fillOut: ring(RECENT),
    fillQuote: ring(RECENT),
    fillFee: ring(RECENT),
    fillAt: ring(RECENT),
    /** liquidation: attempts, base sold, quote received */
    liqTries: 0n,
    sold: 0n,
    received: 0n,
  },
  machine: ({
    p,
    c,
    ev,
    now,
    add,
    sub,
    mul,
    div,
    mulDiv,
    min,
    max,
    clamp,
    eq,
    ne,
    lt,
    le,
    ge,
    gt,
    and,
    not,
    ifElse,
    bal,
    minusBps,
    quote,
    swap,
    assign,
    push,
    set,
    get,
    scheduleTimeout,
    cancelTimeout,
    notify,
    payOwner,
    log,
    concat,
  }) => {
    const slot = div(sub(now, p.startMs), p.intervalMs, 'floor')
    const started = ge(c.lastSlot, 0)
    const noBudget = eq(p.budget, 0)
    const budgetLeft = max(sub(sub(p.budget, c.spent), c.late), 0)
    const gap = ifElse(started, sub(sub(slot, c.lastSlot), 1), 0)
    const caught = ifElse(and(p.catchUp, started), min(gap, p.maxCatchUp), 0)
    // value averaging probes the price with one amount; plain DCA buys amount × (1 + caught-up slots)
    const plain = ifElse(p.valueAveraging, p.amount, mul(p.amount, add(1, caught)))
    const want = ifElse(noBudget, plain, min(plain, budgetLeft))
    const price = mulDiv(ev.amountIn, PRICE_SCALE, ev.output, 'ceil')
    const overCeiling = and(gt(p.priceCeiling, 0), gt(price, p.priceCeiling))
    // value averaging: holdings valued at the quote's price; buy the shortfall within bounds
    const value = mulDiv(bal('base'), ev.amountIn, ev.output, 'floor')
    const shortfall = min(clamp(sub(c.vaTarget, value), 0, mul(p.amount, p.vaMaxMultiple)), bal('quote'))
    const vaBuy = ifElse(noBudget, shortfall, min(shortfall, budgetLeft))
    const reason = (name: keyof typeof REASON, failure = false) => [
      set(c.skips, name, add(get(c.skips, name), 1)),
      push(c.reasons, REASON[name]),
      failure
        ? assign({ failures: add(c.failures, 1), lastReason: name })
        : assign({ skipped: add(c.skipped, 1), lastReason: name }),
    ]
    const busyTick = {
      tick: [
        { guard: le(slot, c.lastSlot), actions: assign({ sameSlot: add(c.sameSlot, 1) }) },
        { actions: reason('busy') },
      ],
    }
    const takeSlot = assign({
      lastSlot: slot,
      missed: add(c.missed, sub(gap, caught)),
      vaTarget: add(c.vaTarget, mul(p.amount, ifElse(started, sub(slot, c.lastSlot), 1))),
    })
    const buyFill = [
      assign({
        buys: add(c.buys, 1),
        spent: add(c.spent, ev.amountIn),
        bought: add(c.bought, ev.amountOut),
        fees: add(c.fees, c.lastFee),
      }),
      assign({ avgPrice: mulDiv(c.spent, PRICE_SCALE, max(c.bought, 1), 'floor') }),
      push(c.fillIn, ev.amountIn),
      push(c.fillOut, ev.amountOut),
      push(c.fillQuote, c.lastQuote),
      push(c.fillFee, c.lastFee),
      push(c.fillAt, now),
      log('filled', { order: ev.order, amountIn: ev.amountIn, amountOut: ev.amountOut, quote: c.lastQuote }),
    ]
    const lateOutcome = assign({ late: max(sub(c.late, ev.amountIn), 0) })
    const swapBuy = [
      cancelTimeout('quote'),
      assign({ lastQuote: ev.output, lastFee: ev.fee, sized: true }),
      swap({
        pool: p.pool,
        tokenIn: p.quote,
        tokenOut: p.base,
        amountIn: ev.amountIn,
        minOut: minusBps(ev.output, p.slippageBps),
      }),
      scheduleTimeout('swap', p.swapTimeoutMs),
    ]
    const sellBase = [
      assign({ liqTries: add(c.liqTries, 1) }),
      quote({ pool: p.pool, tokenIn: p.base, amountIn: bal('base') }),
      scheduleTimeout('liq', p.quoteTimeoutMs),
    ]
    const saleFill = assign({ sold: add(c.sold, ev.amountIn), received: add(c.received, ev.amountOut) })
    // every transition into `stopped` ends a liquidation the owner started: it pays the owner all it holds (the
    // quote the sale brought, and any base a failed sale left)
    const stop = [
      notify({
        topic: 'stopped',
        message: concat(
          'DCA stopped after ',
          c.buys,
          ' buys; sold ',
          c.sold,
          ' base for ',
          c.received,
          ' quote',
        ),
      }),
      payOwner({ token: p.quote }),
      payOwner({ token: p.base }),
    ]
    // a failed sale is retried from the current balance, at most 3 attempts in all; then the agent stops
    const isSale = eq(ev.tokenIn, p.base)
    const retrySale = <F extends string>(
      guard: Expr<'bool', F>,
      first: ReturnType<typeof cancelTimeout>[] = [],
    ) => [
      { guard: and(guard, lt(c.liqTries, 3), gt(bal('base'), 0)), actions: [...first, ...sellBase] },
      { guard, target: 'stopped', actions: [...first, ...stop] },
    ]
    return {
      initial: 'idle',
      on: {
        // outcomes of a swap that already timed out: still accounted for
        'swap.filled': [
          { guard: eq(ev.tokenIn, p.quote), actions: [lateOutcome, ...buyFill] },
          { actions: saleFill },
        ],
        'swap.refunded': { actions: [lateOutcome, assign({ refunds: add(c.refunds, 1) })] },
        'swap.failed': { actions: lateOutcome },
        'owner.liquidate': [
          {
            guard: gt(bal('base'), 0),
            target: '.liquidating',
            actions: [cancelTimeout('quote'), cancelTimeout('swap'), ...sellBase],
          },
          { target: '.stopped', actions: stop },
        ],
        // a new slot grid (intervalMs or startMs changed) never lets the current slot buy twice
        'owner.update-params': {
          actions: assign({ lastSlot: ifElse(lt(now, p.startMs), c.lastSlot, min(c.lastSlot, slot)) }),
        },
      },
      states: {
        idle: {
          on: {
            tick: [
              { guard: lt(now, p.startMs) },
              { guard: and(gt(p.endMs, 0), ge(now, p.endMs)) },
              { guard: le(slot, c.lastSlot), actions: assign({ sameSlot: add(c.sameSlot, 1) }) },
              { guard: le(want, 0), actions: [takeSlot, ...reason('budget')] },
              { guard: lt(bal('quote'), want), actions: [takeSlot, ...reason('funds')] },
              {
                target: 'quoting',
                actions: [
                  assign({ want, sized: false }),
                  takeSlot,
                  quote({ pool: p.pool, tokenIn: p.quote, amountIn: c.want }),
                  scheduleTimeout('quote', p.quoteTimeoutMs),
                ],
              },
            ],
          },
        },
        quoting: {
          on: {
            ...busyTick,
            quote: [
              // a stale reply (an earlier, timed-out quote of another amount) is not this buy's price
              { guard: ne(ev.amountIn, c.want) },
              {
                guard: overCeiling,
                target: 'idle',
                actions: [cancelTimeout('quote'), ...reason('price-ceiling')],
              },
              {
                guard: and(p.valueAveraging, not(c.sized), le(vaBuy, 0)),
                target: 'idle',
                actions: [cancelTimeout('quote'), ...reason('above-target')],
              },
              {
                guard: and(p.valueAveraging, not(c.sized), ne(vaBuy, ev.amountIn)),
                actions: [
                  assign({ want: vaBuy, sized: true }),
                  quote({ pool: p.pool, tokenIn: p.quote, amountIn: c.want }),
                  scheduleTimeout('quote', p.quoteTimeoutMs),
                ],
              },
              {
                guard: le(minusBps(ev.output, p.slippageBps), 0),
                target: 'idle',
                actions: [cancelTimeout('quote'), ...reason('no-output', true)],
              },
              {
                guard: lt(bal('quote'), ev.amountIn),
                target: 'idle',
                actions: [cancelTimeout('quote'), ...reason('funds')],
              },
              { target: 'swapping', actions: swapBuy },
            ],
            'quote.failed': {
              target: 'idle',
              actions: [cancelTimeout('quote'), ...reason('quote-failed', true)],
            },
            'timeout.quote': { target: 'idle', actions: reason('quote-timeout', true) },
          },
        },
        swapping: {
          on: {
            ...busyTick,
            'swap.filled': [
              {
                guard: eq(ev.tokenIn, p.quote),
                target: 'idle',
                actions: [cancelTimeout('swap'), ...buyFill],
              },
            ],
            'swap.refunded': {
              target: 'idle',
              actions: [
                cancelTimeout('swap'),
                assign({ refunds: add(c.refunds, 1) }),
                ...reason('refunded', true),
              ],
            },
            'swap.failed': {
              target: 'idle',
              actions: [cancelTimeout('swap'), ...reason('swap-failed', true)],
            },
            'timeout.swap': {
              target: 'idle',
              actions: [assign({ late: add(c.late, c.want) }), ...reason('swap-timeout', true)],
            },
          },
        },
        liquidating: {
          on: {
            quote: [
              {
                guard: and(isSale, gt(minusBps(ev.output, p.slippageBps), 0), le(ev.amountIn, bal('base'))),
                actions: [
                  cancelTimeout('liq'),
                  swap({
                    pool: p.pool,
                    tokenIn: p.base,
                    tokenOut: p.quote,
                    amountIn: ev.amountIn,
                    minOut: minusBps(ev.output, p.slippageBps),
                  }),
                  scheduleTimeout('liq', p.swapTimeoutMs),
                ],
              },
              ...retrySale(isSale, [cancelTimeout('liq')]),
            ],
            'quote.failed': retrySale(isSale, [cancelTimeout('liq')]),
            'swap.filled': [
              // base left after the sale came from a buy still in flight at Liquidate: sell it too
              {
                guard: and(isSale, lt(c.liqTries, 3), gt(bal('base'), 0)),
                actions: [cancelTimeout('liq'), saleFill, ...sellBase],
              },
              { guard: isSale, target: 'stopped', actions: [cancelTimeout('liq'), saleFill, ...stop] },
              { actions: [lateOutcome, ...buyFill] },
            ],
            'swap.refunded': [
              ...retrySale(isSale, [cancelTimeout('liq')]),
              { actions: [lateOutcome, assign({ refunds: add(c.refunds, 1) })] },
            ],
            'swap.failed': [...retrySale(isSale, [cancelTimeout('liq')]), { actions: lateOutcome }],
            'timeout.liq': retrySale(eq(1, 1) as Expr<'bool', never>),
          },
        },
        stopped: { type: 'final' },
      },
    }
  },
})
