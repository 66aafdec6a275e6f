import rebalance from '../../../agents/rebalance.ts'
import { defineProfile } from '../profile.ts'

/**
 * agents/rebalance.ts: three assets at target weights against a numeraire, each through its own Botega pool.
 * Valuation is a scatter-gather of quotes, and a rebalance puts several swaps in flight at once (sells, then buys),
 * so the reactive attacker races each of them. Legitimate traffic beyond the common moves: a whale moving one asset's
 * price by ~20 % (drift beyond the band, so rebalances happen under attack).
 */
export default defineProfile({
  name: 'rebalance',
  strategy: rebalance,
  tokens: ['usd', 'ar', 'ao', 'eth'],
  pools: [
    { name: 'ar', a: 'ar', b: 'usd' },
    { name: 'ao', a: 'ao', b: 'usd' },
    { name: 'eth', a: 'eth', b: 'usd' },
  ],
  params: (ids) => ({
    numeraire: ids.tokens.usd,
    assets: [
      { token: ids.tokens.ar, pool: ids.pools.ar, weightBps: 4000 },
      { token: ids.tokens.ao, pool: ids.pools.ao, weightBps: 3000 },
      { token: ids.tokens.eth, pool: ids.pools.eth, weightBps: 3000 },
    ],
    bandBps: 500,
    minTrade: '100000',
    slippageBps: 200,
    probe: '1000000',
  }),
  tickMs: 3_600_000,
  updateBodies: (ids, amt, b) => [
    `{"bandBps":"${1 + (b % 2000)}"}`,
    `{"relativeBand":"${b % 2 ? 'true' : 'false'}","calendarTicks":"${b % 4}"}`,
    '{"bandBps":null}',
    '{"bandBpz":"5"}',
    '{"slippageBps":"6000"}',
    '[]',
    '{broken',
    `{"numeraire":"${ids.attacker}"}`,
    `{"assets":"${ids.attacker}"}`,
    `{"minTrade":"${amt}","swapTimeoutMs":"1000"}`,
  ],
  invalidBodies: [2, 3, 4, 5, 6, 7, 8],
  moves: ['ar', 'ao', 'eth'].flatMap((t) => [
    // a whale sells the asset (its weight falls) or buys it (its weight rises)
    (m) => m.send(m.ids.attacker, m.ids.tokens[t], whale(m.ids.pools[t])),
    (m) => m.send(m.ids.attacker, m.ids.tokens.usd, whale(m.ids.pools[t])),
  ]),
  expectEvents: ['tick', 'swap.filled', 'credit', 'owner.withdraw', 'owner.update-params'],
  expectCounters: ['rebalances', 'fills'],
  testRuns: { numRuns: 260, maxMoves: 80, seed: 10_2031, minMessages: 20_000 },
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
