import { basisPoints, defineStrategy, processId, quantity } from 'afk'
import { z } from 'zod'

/** 30 days */
const MAX_TIMEOUT_MS = 2_592_000_000n

/**
 * Minimal dollar-cost averaging: on every cron tick with enough quote balance, quote `amount` of quote through a
 * Botega pool, then swap it with a min-output `slippageBps` under the quote. Refunds, failures and timeouts go back
 * to idle; a late fill is still counted. `Liquidate` stops the agent.
 */
export default defineStrategy({
  id: 'dca',
  description: 'Buy base with a fixed amount of quote on every tick through a Botega pool.',
  params: z.object({
    base: processId(),
    quote: processId(),
    pool: processId(),
    amount: quantity({ min: 1n }),
    slippageBps: basisPoints(5_000),
    // bounded: a timeout of 2^255 - 1 ms would overflow `now + timeout` on every tick
    quoteTimeoutMs: quantity({ min: 1n, max: MAX_TIMEOUT_MS }).default(60_000n),
    swapTimeoutMs: quantity({ min: 1n, max: MAX_TIMEOUT_MS }).default(600_000n),
    // a wallet allowed to send keeper ticks (`afk keeper`) where the network produces no crons; empty: none
    keeper: z.string().default(''),
  }),
  tokens: ['base', 'quote'],
  cron: { interval: '1-hour' },
  context: { buys: 0n, spent: 0n, bought: 0n, refunds: 0n, failures: 0n, lastQuote: 0n },
  machine: ({
    p,
    c,
    ev,
    add,
    ge,
    gt,
    bal,
    minusBps,
    quote,
    swap,
    assign,
    scheduleTimeout,
    cancelTimeout,
    notify,
    log,
    concat,
  }) => ({
    initial: 'idle',
    on: {
      // a fill that arrives after the swap timed out is still accounted for
      'swap.filled': {
        actions: assign({
          buys: add(c.buys, 1),
          spent: add(c.spent, ev.amountIn),
          bought: add(c.bought, ev.amountOut),
        }),
      },
      'owner.liquidate': {
        target: '.stopped',
        actions: notify({ topic: 'stopped', message: concat('DCA stopped after ', c.buys, ' buys') }),
      },
    },
    states: {
      idle: {
        on: {
          tick: {
            guard: ge(bal('quote'), p.amount),
            target: 'quoting',
            actions: [
              quote({ pool: p.pool, tokenIn: p.quote, amountIn: p.amount }),
              scheduleTimeout('quote', p.quoteTimeoutMs),
            ],
          },
        },
      },
      quoting: {
        on: {
          quote: {
            guard: gt(minusBps(ev.output, p.slippageBps), 0),
            target: 'swapping',
            actions: [
              cancelTimeout('quote'),
              assign({ lastQuote: ev.output }),
              swap({
                pool: p.pool,
                tokenIn: p.quote,
                tokenOut: p.base,
                amountIn: p.amount,
                minOut: minusBps(ev.output, p.slippageBps),
              }),
              scheduleTimeout('swap', p.swapTimeoutMs),
            ],
          },
          'quote.failed': {
            target: 'idle',
            actions: [cancelTimeout('quote'), assign({ failures: add(c.failures, 1) })],
          },
          'timeout.quote': { target: 'idle', actions: assign({ failures: add(c.failures, 1) }) },
        },
      },
      swapping: {
        on: {
          'swap.filled': {
            target: 'idle',
            actions: [
              cancelTimeout('swap'),
              assign({
                buys: add(c.buys, 1),
                spent: add(c.spent, ev.amountIn),
                bought: add(c.bought, ev.amountOut),
              }),
              log('filled', { order: ev.order, amountIn: ev.amountIn, amountOut: ev.amountOut }),
            ],
          },
          'swap.refunded': {
            target: 'idle',
            actions: [cancelTimeout('swap'), assign({ refunds: add(c.refunds, 1) })],
          },
          'swap.failed': {
            target: 'idle',
            actions: [cancelTimeout('swap'), assign({ failures: add(c.failures, 1) })],
          },
          'timeout.swap': { target: 'idle', actions: assign({ failures: add(c.failures, 1) }) },
        },
      },
      stopped: { type: 'final' },
    },
  }),
})
