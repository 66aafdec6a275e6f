import dca from '../../../agents/dca.ts'
import { defineProfile } from '../profile.ts'

/**
 * agents/dca.ts: buys base with quote through one Botega pool once per time slot (hourly); the owner also switches
 * catch-up, value averaging, a budget, a price ceiling and an end time while orders are in flight.
 */
export default defineProfile({
  name: 'dca',
  strategy: dca,
  tokens: ['base', 'quote'],
  pools: [{ name: 'pool', a: 'base', b: 'quote' }],
  params: (ids) => ({
    base: ids.tokens.base,
    quote: ids.tokens.quote,
    pool: ids.pools.pool,
    amount: '1000000',
    slippageBps: 100,
    quoteTimeoutMs: '60000',
    swapTimeoutMs: '600000',
  }),
  tickMs: 3_600_000,
  updateBodies: (ids, amt, b) => [
    `{"amount":"${amt}"}`,
    `{"slippageBps":"${b % 6000}"}`,
    '{"amount":null}',
    '{"amonut":"5"}',
    `{"quoteTimeoutMs":"${(1n << 255n) - 1n}"}`,
    '[]',
    '{broken',
    `{"quote":"${ids.attacker}"}`,
    '{"amount":"1000000","swapTimeoutMs":"1000"}',
    `{"catchUp":"${b % 2 ? 'true' : 'false'}","maxCatchUp":"${b % 5}"}`,
    `{"valueAveraging":"${b % 2 ? 'true' : 'false'}","vaMaxMultiple":"${1 + (b % 4)}"}`,
    `{"budget":"${amt}"}`,
    `{"priceCeiling":"${b % 3 ? 0 : 10n ** 12n + BigInt(b)}"}`,
    `{"endMs":"${b % 2 ? 0 : 1_750_000_000_000 + b * 36_000}"}`,
    '{"catchUp":"yes"}',
    '{"intervalMs":"999"}',
  ],
  // 1 when b % 6000 > 5000 is also refused, but not always: left unchecked
  invalidBodies: [2, 3, 4, 5, 6, 7, 14, 15],
  expectCounters: ['buys', 'refunds', 'failures'],
  expectEvents: [
    'tick',
    'quote',
    'quote.failed',
    'swap.filled',
    'swap.refunded',
    'swap.failed',
    'credit',
    'owner.withdraw',
  ],
  testRuns: { numRuns: 310, maxMoves: 80, seed: 8_2026, minMessages: 20_000 },
})
