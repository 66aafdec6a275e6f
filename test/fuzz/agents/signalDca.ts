import signalDca from '../../../agents/signal-dca.ts'
import { defineProfile } from '../profile.ts'

/**
 * agents/signal-dca.ts: a DCA that asks the reference signal process (lua/processes/signal.lua, SignalModel) before
 * each buy and scales the amount by its answer. Legitimate traffic beyond the common moves: the signal's operator
 * moves the signal (up to the process's ±1,000,000 bps bound) and makes it go silent (asks time out, the buy falls
 * back to the plain amount); the attacker provokes signal replies onto the agent's pending asks through Reply-To.
 */
export default defineProfile({
  name: 'signal-dca',
  strategy: signalDca,
  tokens: ['base', 'quote'],
  pools: [{ name: 'pool', a: 'base', b: 'quote' }],
  signal: { default: 2_500, AR: -5_000 },
  params: (ids) => ({
    base: ids.tokens.base,
    quote: ids.tokens.quote,
    pool: ids.pools.pool,
    signal: ids.signal,
    asset: 'default',
    amount: '1000000',
    minMultBps: 5000,
    maxMultBps: 20000,
    slippageBps: 100,
    // a slot per cron tick: every tick may buy, as often as the other agents' profiles
    intervalMs: '300000',
  }),
  tickMs: 300_000,
  updateBodies: (ids, amt, b) => [
    `{"amount":"${amt}"}`,
    `{"asset":"${b % 2 ? 'AR' : 'nope'}","minMultBps":"${b % 10_000}"}`,
    '{"amount":null}',
    '{"amonut":"5"}',
    '{"signalTimeoutMs":"86400001"}',
    '[]',
    '{broken',
    `{"quote":"${ids.attacker}"}`,
    `{"signalTimeoutMs":"${1 + (b % 60_000)}","maxMultBps":"${b * 100}"}`,
  ],
  invalidBodies: [2, 3, 4, 5, 6, 7],
  expectEvents: [
    'tick',
    'reply.signal',
    'reply.signal.timeout',
    'quote',
    'swap.filled',
    'credit',
    'owner.withdraw',
  ],
  expectCounters: ['buys', 'fallbacks', 'refunds'],
  testRuns: { numRuns: 310, maxMoves: 80, seed: 10_2032, minMessages: 20_000 },
})
