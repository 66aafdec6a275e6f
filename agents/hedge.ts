import { type ActionSpec, basisPoints, defineStrategy, type Expr, processId, quantity, ring } from 'afk'
import { z } from 'zod'

/** 30 days */
const MAX_TIMEOUT_MS = 2_592_000_000n
/** ticks kept in the price window (a ring buffer's size is fixed when compiling) */
const WINDOW = 24

/**
 * Drawdown hedger for one risky asset (`base`) held against a stable token (`quote`) in one Botega pool.
 *
 * Every tick asks the pool for the output of selling `probe` base units: that output is the price, in quote units
 * per `probe` base units (fee and impact of the probe included). The price goes into a window of the last 24 ticks;
 * the high-water mark (HWM) is the highest price seen since the last entry. Then, by position:
 *
 * - Exposed: a drawdown from the HWM of `stopBps` or more sells the whole holding (Stopped); of `triggerBps` or more
 *   sells `hedgeRatioBps` of it (Hedged). Otherwise the agent trades toward its target exposure (all of its value
 *   in base, or less with volatility targeting) when the gap is at least `minTrade` and `bandBps` of its value.
 * - Hedged: the trailing stop still applies; Stopped: none. Both re-enter (buy back toward the target exposure, the
 *   HWM restarts at the price) when the price is `reentryBps` above the moving average of the window as it was
 *   before this tick (with at least `minSamples` prices in it), or when `cooldownMs` (0: never) has passed since
 *   the cut.
 *
 * Volatility targeting (`targetVolBps` > 0): realized volatility is the root mean square of the window's per-tick
 * returns in bps (each return rounded toward minus infinity, the mean and the root rounded down); the target
 * exposure is `targetVolBps / vol`, within [`minExposureBps`, 10000]. Guards read the window as it was before the
 * tick's price, so a decision never depends on the price it reacts to twice.
 *
 * Every order waits with a timeout, so the agent is never stuck: a failed, refunded or timed-out order returns to
 * the position it came from and the next tick decides again. `Liquidate` sells all base into quote, stops and pays the owner all it holds.
 * Context `mode` shows Exposed / Hedged / Stopped / Liquidated, or Halted while the owner's Halt holds.
 */
export default defineStrategy({
  id: 'hedge',
  description:
    'Cut exposure to a risky asset on drawdowns from its high-water mark and re-enter on recovery.',
  params: z.object({
    base: processId(),
    quote: processId(),
    pool: processId(),
    /** base units quoted for the price; the price is quote units per `probe` base units */
    probe: quantity({ min: 1n }).default(1_000_000_000_000n),
    /** drawdown from the HWM (bps) that cuts exposure */
    triggerBps: basisPoints().default(1_000),
    /** share of the base holding sold on a cut (bps) */
    hedgeRatioBps: basisPoints().default(5_000),
    /** trailing stop: drawdown from the HWM (bps) that sells everything; 0: none */
    stopBps: basisPoints().default(2_000),
    /** re-enter when the price is this far above the moving average (bps) */
    reentryBps: basisPoints().default(100),
    /** prices the window needs before the moving average may trigger a re-entry (1..24) */
    minSamples: quantity({ min: 1n, max: BigInt(WINDOW) }).default(12n),
    /** re-enter this long after a cut whatever the price; 0: never */
    cooldownMs: quantity({ max: MAX_TIMEOUT_MS }).default(0n),
    /** volatility target per tick (bps); 0: always fully exposed */
    targetVolBps: basisPoints().default(0),
    minExposureBps: basisPoints().default(2_000),
    /** no trade below this many quote units of value, nor below `bandBps` of the agent's value */
    minTrade: quantity({ min: 1n }).default(1_000_000n),
    bandBps: basisPoints().default(500),
    slippageBps: basisPoints(5_000).default(100),
    quoteTimeoutMs: quantity({ min: 1n, max: MAX_TIMEOUT_MS }).default(60_000n),
    swapTimeoutMs: quantity({ min: 1n, max: MAX_TIMEOUT_MS }).default(600_000n),
    // a wallet allowed to send keeper ticks (`afk keeper`) where the network produces no crons; empty: none
    keeper: z.string().default(''),
  }),
  tokens: ['base', 'quote'],
  cron: { interval: '10-minutes' },
  context: {
    prices: ring(WINDOW),
    returns: ring(WINDOW),
    mode: 'Exposed',
    position: 'Exposed',
    halted: false,
    last: 0n,
    hwm: 0n,
    drawdownBps: 0n,
    ma: 0n,
    vol: 0n,
    exposureBps: 10_000n,
    cutAt: 0n,
    tradeIn: 0n,
    cuts: 0n,
    stops: 0n,
    entries: 0n,
    trims: 0n,
    failures: 0n,
    /** base sold and quote spent on buys, over all fills */
    sold: 0n,
    spent: 0n,
  },
  machine: (x) => {
    const { p, c, ev, now, bal, assign, push, quote, swap, scheduleTimeout, cancelTimeout, log } = x
    const {
      add,
      sub,
      mul,
      div,
      mulDiv,
      bps,
      minusBps,
      plusBps,
      max,
      min,
      eq,
      ne,
      ge,
      gt,
      and,
      or,
      not,
      ifElse,
    } = x
    const { len, sum, isqrt, clamp } = x

    // ---- the price just quoted, against the window as it was before it ----
    const price = ev.output
    const hwm = max(c.hwm, price)
    /** drawdown from the HWM of at least `limit` bps, exactly: (H − P)·10000 ≥ H·limit */
    const drawdownAtLeast = (limit: typeof p.triggerBps) =>
      and(gt(limit, 0), ge(mul(sub(hwm, price), 10_000), mul(hwm, limit)))
    const riskyValue = mulDiv(bal('base'), price, p.probe, 'floor')
    const value = add(riskyValue, bal('quote'))
    const targetValue = bps(value, c.exposureBps, 'floor')
    const threshold = max(p.minTrade, bps(value, p.bandBps, 'floor'))
    const buyAmount = min(bal('quote'), sub(targetValue, riskyValue))
    const trimAmount = mulDiv(sub(riskyValue, targetValue), p.probe, price, 'floor')
    const cutAmount = bps(bal('base'), p.hedgeRatioBps, 'floor')
    /** only the probe's answer is a price: a trade's quote answered after its timeout is ignored here */
    const notProbe = { guard: not(and(eq(ev.tokenIn, p.base), eq(ev.amountIn, p.probe))) }
    const recovered = or(
      and(ge(len(c.prices), p.minSamples), ge(price, plusBps(c.ma, p.reentryBps))),
      and(gt(p.cooldownMs, 0), ge(now, add(c.cutAt, p.cooldownMs))),
    )

    /** the tick's bookkeeping: window, HWM, drawdown, moving average, volatility and target exposure */
    const observe = [
      // per-tick return in bps, rounded toward minus infinity; the first price has none (0)
      push(
        c.returns,
        ifElse(gt(c.last, 0), div(mul(sub(price, c.last), 10_000), max(c.last, 1), 'floor'), 0),
      ),
      push(c.prices, price),
      assign({ last: price, hwm, drawdownBps: div(mul(sub(hwm, price), 10_000), hwm, 'floor') }),
      assign({
        ma: div(
          sum(c.prices, (q) => q),
          len(c.prices),
          'floor',
        ),
        vol: isqrt(
          div(
            sum(c.returns, (r) => mul(r, r)),
            len(c.returns),
            'floor',
          ),
        ),
      }),
      assign({
        exposureBps: ifElse(
          eq(p.targetVolBps, 0),
          10_000,
          clamp(div(mul(p.targetVolBps, 10_000), max(c.vol, 1), 'floor'), p.minExposureBps, 10_000),
        ),
      }),
    ]
    const probe = quote({ pool: p.pool, tokenIn: p.base, amountIn: p.probe })
    /** ask for the exact trade first: its quote sets the swap's minimum output */
    const order = <F extends 'output' = never>(tokenIn: typeof p.base, amountIn: Expr<'int', F>) => [
      cancelTimeout('swap'),
      quote({ pool: p.pool, tokenIn, amountIn }),
      scheduleTimeout('quote', p.quoteTimeoutMs),
    ]
    const setPosition = (pos: string) => assign({ position: pos, mode: ifElse(c.halted, 'Halted', pos) })
    // every transition into `liquidated` ends a liquidation the owner started: the owner gets all the agent holds
    const payout = [x.payOwner({ token: p.quote }), x.payOwner({ token: p.base })]
    const failed = [cancelTimeout('quote'), cancelTimeout('swap'), assign({ failures: add(c.failures, 1) })]
    /** back to the position the order started from */
    const back = [
      { guard: eq(c.position, 'Hedged'), target: 'hedged', actions: failed },
      { guard: eq(c.position, 'Stopped'), target: 'stopped', actions: failed },
      { target: 'exposed', actions: failed },
    ]

    const stopTransition = {
      guard: and(drawdownAtLeast(p.stopBps), gt(bal('base'), 0)),
      target: 'stopping',
      actions: [...observe, ...order(p.base, bal('base'))],
    }
    const reenter = [
      {
        guard: and(recovered, ge(buyAmount, threshold)),
        target: 'entering',
        actions: [...observe, ...order(p.quote, buyAmount)],
      },
      {
        guard: recovered,
        target: 'exposed',
        actions: [...observe, assign({ hwm: price, entries: add(c.entries, 1) }), setPosition('Exposed')],
      },
    ]

    /** a trade in flight: quote → swap → fill, each step under a timeout */
    const trading = (
      sell: boolean,
      fill: ActionSpec<any>[],
      onFill: string,
      failTarget: { target: string; actions: ActionSpec<any>[] }[] = back,
    ) => {
      const [tokenIn, tokenOut] = sell ? [p.base, p.quote] : [p.quote, p.base]
      return {
        on: {
          quote: [
            // another token's quote is not this trade's (the runtime already refuses other amounts)
            { guard: ne(ev.tokenIn, tokenIn) },
            {
              guard: and(
                ge(bal(sell ? 'base' : 'quote'), ev.amountIn),
                gt(minusBps(ev.output, p.slippageBps), 0),
              ),
              actions: [
                cancelTimeout('quote'),
                assign({ tradeIn: ev.amountIn }),
                swap({
                  pool: p.pool,
                  tokenIn,
                  tokenOut,
                  amountIn: ev.amountIn,
                  minOut: minusBps(ev.output, p.slippageBps),
                }),
                scheduleTimeout('swap', p.swapTimeoutMs),
              ],
            },
            ...failTarget,
          ],
          'quote.failed': failTarget,
          'timeout.quote': failTarget,
          'swap.filled': {
            guard: and(eq(ev.tokenIn, tokenIn), eq(ev.amountIn, c.tradeIn)),
            target: onFill,
            actions: [
              cancelTimeout('swap'),
              sell
                ? assign({ sold: add(c.sold, ev.amountIn) })
                : assign({ spent: add(c.spent, ev.amountIn) }),
              log('filled', { order: ev.order, amountIn: ev.amountIn, amountOut: ev.amountOut }),
              ...fill,
            ],
          },
          'swap.refunded': failTarget,
          'swap.failed': failTarget,
          'timeout.swap': failTarget,
        },
      }
    }

    return {
      initial: 'exposed',
      on: {
        // a fill that lands after its order timed out is still counted
        'swap.filled': [
          { guard: eq(ev.tokenIn, p.base), actions: assign({ sold: add(c.sold, ev.amountIn) }) },
          { actions: assign({ spent: add(c.spent, ev.amountIn) }) },
        ],
        'owner.halt': { actions: assign({ halted: true, mode: 'Halted' }) },
        'owner.resume': { actions: assign({ halted: false, mode: c.position }) },
        'owner.liquidate': [
          {
            guard: gt(bal('base'), 0),
            target: '.liquidating',
            actions: [...order(p.base, bal('base')), setPosition('Liquidated')],
          },
          {
            target: '.liquidated',
            actions: [cancelTimeout('quote'), cancelTimeout('swap'), setPosition('Liquidated'), ...payout],
          },
        ],
      },
      states: {
        exposed: {
          on: {
            tick: { actions: probe },
            quote: [
              notProbe,
              stopTransition,
              {
                guard: and(drawdownAtLeast(p.triggerBps), gt(cutAmount, 0)),
                target: 'cutting',
                actions: [...observe, ...order(p.base, cutAmount)],
              },
              {
                guard: ge(buyAmount, threshold),
                target: 'entering',
                actions: [...observe, ...order(p.quote, buyAmount)],
              },
              {
                guard: and(ge(sub(riskyValue, targetValue), threshold), gt(trimAmount, 0)),
                target: 'trimming',
                actions: [...observe, ...order(p.base, trimAmount)],
              },
              { actions: observe },
            ],
          },
        },
        hedged: {
          on: {
            tick: { actions: probe },
            quote: [notProbe, stopTransition, ...reenter, { actions: observe }],
          },
        },
        stopped: {
          on: {
            tick: { actions: probe },
            quote: [notProbe, ...reenter, { actions: observe }],
          },
        },
        cutting: trading(
          true,
          [assign({ cuts: add(c.cuts, 1), cutAt: now }), setPosition('Hedged')],
          'hedged',
        ),
        stopping: trading(
          true,
          [assign({ stops: add(c.stops, 1), cutAt: now }), setPosition('Stopped')],
          'stopped',
        ),
        trimming: trading(true, [assign({ trims: add(c.trims, 1) })], 'exposed'),
        entering: trading(
          false,
          [
            // a re-entry restarts the HWM at the price; a top-up while exposed keeps it
            assign({
              hwm: ifElse(eq(c.position, 'Exposed'), c.hwm, c.last),
              entries: ifElse(eq(c.position, 'Exposed'), c.entries, add(c.entries, 1)),
            }),
            setPosition('Exposed'),
          ],
          'exposed',
        ),
        liquidating: trading(true, payout, 'liquidated', [{ target: 'liquidateRetry', actions: failed }]),
        // a liquidation whose order failed tries again on the next tick
        liquidateRetry: {
          on: {
            tick: [
              { guard: gt(bal('base'), 0), target: 'liquidating', actions: order(p.base, bal('base')) },
              { target: 'liquidated', actions: payout },
            ],
          },
        },
        liquidated: { type: 'final' },
      },
    }
  },
})
