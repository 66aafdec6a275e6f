import { basisPoints, defineStrategy, processId, quantity } from 'afk'
import { z } from 'zod'

/** 30 days */
const MAX_TIMEOUT_MS = 2_592_000_000n
/** |Signal-Bps| the reference signal process can answer (SignalModel's SIGNAL_MAX_ABS_BPS) */
const MAX_SIGNAL_BPS = 1_000_000n

/**
 * Signal-scaled dollar-cost averaging. Before each buy the agent asks a signal process (`Get-Signal` for `asset`, in
 * the X-Reference request/reply style) and scales `amount` by `10000 + signal` bps, kept within
 * [minMultBps, maxMultBps] and the quote balance (integer maths, rounded down). No reply within `signalTimeoutMs`,
 * or a reply that fails its schema (an error reply, a value out of range), falls back to the plain `amount`. Then it
 * quotes and swaps through a Botega pool as the plain DCA does. One buy per `intervalMs` slot (slot = now //
 * intervalMs, default 1 h); the cron ticks every 5 minutes so that a silent signal's deadline is noticed within its
 * slot: an agent runs only when a message arrives, and the first tick after the deadline raises the timeout before
 * itself and buys the plain amount then (with ticks only once per slot, the fallback came a slot late). Pause, Resume, Halt and Withdraw are runtime
 * commands; `Liquidate` sells all base into quote through the pool (retried up to 3 times), then stops and pays the
 * owner everything it holds.
 */
export default defineStrategy({
  id: 'signal-dca',
  description:
    'DCA whose buy size follows a signal process, within bounds, falling back to the plain amount.',
  params: z
    .object({
      base: processId(),
      quote: processId(),
      pool: processId(),
      signal: processId(),
      asset: z.string().regex(/^[A-Za-z0-9\-_.:/]{1,64}$/, 'expected 1-64 chars of A-Z a-z 0-9 - _ . : /'),
      amount: quantity({ min: 1n }),
      // multiplier bounds in bps of `amount` (10000 = 1x)
      minMultBps: basisPoints(100_000).default(5_000),
      maxMultBps: basisPoints(100_000).default(20_000),
      slippageBps: basisPoints(5_000),
      signalTimeoutMs: quantity({ min: 1n, max: 86_400_000n }).default(30_000n),
      /** one buy per time slot of this length (slot = now // intervalMs); the cron ticks several times per slot */
      intervalMs: quantity({ min: 60_000n, max: 31_536_000_000n }).default(3_600_000n),
      quoteTimeoutMs: quantity({ min: 1n, max: MAX_TIMEOUT_MS }).default(60_000n),
      swapTimeoutMs: quantity({ min: 1n, max: MAX_TIMEOUT_MS }).default(600_000n),
    })
    .refine((v) => v.minMultBps <= v.maxMultBps, {
      message: 'minMultBps must not exceed maxMultBps',
      path: ['minMultBps'],
    }),
  tokens: ['base', 'quote'],
  // a process runs only when a message arrives: ticks several times per slot let a silent signal's deadline pass
  // within the slot (the next tick raises its timeout first and buys the plain amount), not at the next slot's tick
  cron: { interval: '5-minutes' },
  replies: {
    signal: z.object({
      Action: z.literal('Get-Signal-Response'),
      Asset: z.string().max(64),
      'Signal-Bps': z.bigint().min(-MAX_SIGNAL_BPS).max(MAX_SIGNAL_BPS),
    }),
  },
  context: {
    /** last slot a buy was started in (-1: none yet) */
    lastSlot: -1n,
    buys: 0n,
    spent: 0n,
    bought: 0n,
    refunds: 0n,
    failures: 0n,
    /** liquidation: sale attempts, base sold, quote received */
    liqTries: 0n,
    sold: 0n,
    received: 0n,
    /** buys sized without a usable signal (timeout or invalid reply) */
    fallbacks: 0n,
    skipped: 0n,
    lastSignalBps: 0n,
    lastMultBps: 10_000n,
    lastBuy: 0n,
    lastReason: '',
  },
  machine: (x) => {
    const { p, c, ev, bal } = x
    const slot = x.div(x.now, p.intervalMs, 'floor')
    const newSlot = x.gt(slot, c.lastSlot)
    // 10000 + signal, within [min, max] (if an Update-Params reversed them, max wins: never an error mid-buy)
    const mult = x.max(p.minMultBps, x.min(p.maxMultBps, x.add(10_000, ev['Signal-Bps'])))
    const scaled = x.min(x.mulDiv(p.amount, mult, 10_000, 'floor'), bal('quote'))
    const fallback = x.min(p.amount, bal('quote'))
    const askSignal = x.ask({
      reply: 'signal',
      process: p.signal,
      action: 'Get-Signal',
      tags: { Asset: p.asset },
      echo: ['Asset'],
      timeoutMs: p.signalTimeoutMs,
    })
    const buy = <A extends Parameters<typeof x.quote>[0]['amountIn']>(amountIn: A) => [
      x.quote({ pool: p.pool, tokenIn: p.quote, amountIn }),
      x.scheduleTimeout('quote', p.quoteTimeoutMs),
    ]
    const fallbackBuy = <W extends typeof ev.reason | string>(why: W) => [
      {
        guard: x.gt(fallback, 0),
        target: 'quoting',
        actions: [
          x.assign({
            fallbacks: x.add(c.fallbacks, 1),
            lastMultBps: 10_000n,
            lastBuy: fallback,
            lastReason: why,
          }),
          ...buy(fallback),
        ],
      },
      { target: 'idle', actions: x.assign({ skipped: x.add(c.skipped, 1), lastReason: why }) },
    ]
    const countBuy = x.assign({
      buys: x.add(c.buys, 1),
      spent: x.add(c.spent, ev.amountIn),
      bought: x.add(c.bought, ev.amountOut),
    })
    // every transition into `stopped` ends a liquidation the owner started: it pays the owner all it holds
    const stop = [
      x.notify({
        topic: 'stopped',
        message: x.concat('signal-DCA stopped after ', c.buys, ' buys'),
      }),
      x.payOwner({ token: p.quote }),
      x.payOwner({ token: p.base }),
    ]
    // Liquidate: quote the whole base holding, then swap it into quote (the sale's min output under that quote)
    const sellBase = [
      x.assign({ liqTries: x.add(c.liqTries, 1) }),
      x.quote({ pool: p.pool, tokenIn: p.base, amountIn: bal('base') }),
      x.scheduleTimeout('liq', p.quoteTimeoutMs),
    ]
    const isSale = x.eq(ev.tokenIn, p.base)
    // a failed sale is tried again (at most 3 attempts), then the agent stops and pays the owner what it holds
    const retry = <G extends typeof isSale | boolean>(guard: G) => [
      {
        guard: x.and(guard, x.lt(c.liqTries, 3), x.gt(bal('base'), 0)),
        actions: [x.cancelTimeout('liq'), ...sellBase],
      },
      { guard, target: 'stopped', actions: [x.cancelTimeout('liq'), ...stop] },
    ]
    return {
      initial: 'idle',
      on: {
        // a buy fill that arrives after the swap timed out is still accounted for
        'swap.filled': { guard: x.eq(ev.tokenIn, p.quote), actions: countBuy },
        // a new slot grid (intervalMs changed) never lets the current slot buy twice, nor stalls the next slots
        'owner.update-params': { actions: x.assign({ lastSlot: x.min(c.lastSlot, slot) }) },
        'owner.liquidate': [
          {
            guard: x.gt(bal('base'), 0),
            target: '.liquidating',
            actions: [x.cancelTimeout('quote'), x.cancelTimeout('swap'), ...sellBase],
          },
          { target: '.stopped', actions: stop },
        ],
      },
      states: {
        idle: {
          on: {
            tick: {
              guard: x.and(newSlot, x.ge(bal('quote'), p.amount)),
              target: 'asking',
              actions: [x.assign({ lastSlot: slot }), askSignal],
            },
          },
        },
        asking: {
          on: {
            'reply.signal': [
              {
                guard: x.gt(scaled, 0),
                target: 'quoting',
                actions: [
                  x.assign({
                    lastSignalBps: ev['Signal-Bps'],
                    lastMultBps: mult,
                    lastBuy: scaled,
                    lastReason: '',
                  }),
                  ...buy(scaled),
                ],
              },
              {
                target: 'idle',
                actions: x.assign({
                  lastSignalBps: ev['Signal-Bps'],
                  skipped: x.add(c.skipped, 1),
                  lastReason: 'signal scaled the buy to 0',
                }),
              },
            ],
            'reply.signal.invalid': fallbackBuy(ev.reason),
            'reply.signal.timeout': fallbackBuy('no signal in time'),
            // never stuck: a new slot's tick while asking asks again (the earlier ask is superseded); a tick in the
            // same slot waits for the answer or the deadline (a due deadline fires before the tick, see cron)
            tick: { guard: newSlot, actions: [x.assign({ lastSlot: slot }), askSignal] },
          },
        },
        quoting: {
          on: {
            quote: {
              guard: x.gt(x.minusBps(ev.output, p.slippageBps), 0),
              target: 'swapping',
              actions: [
                x.cancelTimeout('quote'),
                x.swap({
                  pool: p.pool,
                  tokenIn: p.quote,
                  tokenOut: p.base,
                  amountIn: ev.amountIn,
                  minOut: x.minusBps(ev.output, p.slippageBps),
                }),
                x.scheduleTimeout('swap', p.swapTimeoutMs),
              ],
            },
            'quote.failed': {
              target: 'idle',
              actions: [x.cancelTimeout('quote'), x.assign({ failures: x.add(c.failures, 1) })],
            },
            'timeout.quote': { target: 'idle', actions: x.assign({ failures: x.add(c.failures, 1) }) },
          },
        },
        swapping: {
          on: {
            'swap.filled': {
              target: 'idle',
              actions: [
                x.cancelTimeout('swap'),
                x.assign({
                  buys: x.add(c.buys, 1),
                  spent: x.add(c.spent, ev.amountIn),
                  bought: x.add(c.bought, ev.amountOut),
                }),
                x.log('filled', { order: ev.order, amountIn: ev.amountIn, amountOut: ev.amountOut }),
              ],
            },
            'swap.refunded': {
              target: 'idle',
              actions: [x.cancelTimeout('swap'), x.assign({ refunds: x.add(c.refunds, 1) })],
            },
            'swap.failed': {
              target: 'idle',
              actions: [x.cancelTimeout('swap'), x.assign({ failures: x.add(c.failures, 1) })],
            },
            'timeout.swap': { target: 'idle', actions: x.assign({ failures: x.add(c.failures, 1) }) },
          },
        },
        liquidating: {
          on: {
            quote: [
              {
                guard: x.and(
                  isSale,
                  x.gt(x.minusBps(ev.output, p.slippageBps), 0),
                  x.le(ev.amountIn, bal('base')),
                ),
                actions: [
                  x.cancelTimeout('liq'),
                  x.swap({
                    pool: p.pool,
                    tokenIn: p.base,
                    tokenOut: p.quote,
                    amountIn: ev.amountIn,
                    minOut: x.minusBps(ev.output, p.slippageBps),
                  }),
                  x.scheduleTimeout('liq', p.swapTimeoutMs),
                ],
              },
              ...retry(isSale),
            ],
            'quote.failed': retry(isSale),
            'swap.filled': [
              {
                guard: isSale,
                target: 'stopped',
                actions: [
                  x.cancelTimeout('liq'),
                  x.assign({ sold: x.add(c.sold, ev.amountIn), received: x.add(c.received, ev.amountOut) }),
                  ...stop,
                ],
              },
              // a buy still in flight at Liquidate: counted; its base is left for the owner's Withdraw
              { actions: countBuy },
            ],
            'swap.refunded': [...retry(isSale), { actions: x.assign({ refunds: x.add(c.refunds, 1) }) }],
            'swap.failed': retry(isSale),
            'timeout.liq': retry(true),
          },
        },
        stopped: { type: 'final' },
      },
    }
  },
})
