import hedge from '../../../agents/hedge.ts'
import { defineProfile } from '../profile.ts'

/**
 * agents/hedge.ts: holds base against quote in one Botega pool, cuts exposure on drawdowns from its high-water mark
 * and re-enters on recovery. Legitimate traffic beyond the common moves: a whale's crash and recovery swaps (10 % of
 * the pool) so that cuts, stops and re-entries happen under attack.
 */
export default defineProfile({
  name: 'hedge',
  strategy: hedge,
  tokens: ['base', 'quote'],
  pools: [{ name: 'pool', a: 'base', b: 'quote' }],
  params: (ids) => ({
    base: ids.tokens.base,
    quote: ids.tokens.quote,
    pool: ids.pools.pool,
    probe: '1000000',
    triggerBps: 1000,
    hedgeRatioBps: 5000,
    stopBps: 2000,
    minSamples: '3',
    cooldownMs: '600000',
    minTrade: '100000',
    slippageBps: 100,
  }),
  tickMs: 600_000,
  updateBodies: (ids, amt, b) => [
    `{"triggerBps":"${1 + (b % 3000)}"}`,
    `{"hedgeRatioBps":"${b % 12000}"}`,
    '{"stopBps":null}',
    '{"trigerBps":"5"}',
    '{"minSamples":"25"}',
    '[]',
    '{broken',
    `{"base":"${ids.attacker}"}`,
    `{"minTrade":"${amt}","targetVolBps":"300"}`,
  ],
  invalidBodies: [2, 3, 4, 5, 6, 7],
  moves: [
    // a whale sells base: the price falls ~20 %
    (m) => m.send(m.ids.attacker, m.ids.tokens.base, whale(m.ids.pools.pool)),
    // and buys it back
    (m) => m.send(m.ids.attacker, m.ids.tokens.quote, whale(m.ids.pools.pool)),
  ],
  expectCounters: ['cuts', 'stops', 'entries'],
  expectEvents: ['tick', 'quote', 'swap.filled', 'credit', 'owner.withdraw', 'owner.update-params'],
  testRuns: { numRuns: 300, maxMoves: 80, seed: 10_2030, minMessages: 20_000 },
})

function whale(pool: string): Record<string, string> {
  return {
    Action: 'Transfer',
    Recipient: pool,
    Quantity: String(10n ** 11n),
    'X-Action': 'Swap',
    'X-Expected-Min-Output': '1',
  }
}
