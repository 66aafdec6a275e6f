import portfolioZoo from '../../fixtures/portfolioZoo.ts'
import { defineProfile } from '../profile.ts'

/**
 * The portfolio zoo fixture (every collection primitive, list params of assets with their pools): not a product
 * agent, but a multi-pool scene (three pools against the quote numeraire) that exercises guards and actions that
 * fail on purpose, so refusals roll back under attack too.
 */
export default defineProfile({
  name: 'portfolio-zoo',
  strategy: portfolioZoo,
  tokens: ['base', 'quote', 'ar', 'ao'],
  pools: [
    { name: 'pool', a: 'base', b: 'quote' },
    { name: 'ar', a: 'ar', b: 'quote' },
    { name: 'ao', a: 'ao', b: 'quote' },
  ],
  params: (ids) => ({
    base: ids.tokens.base,
    quote: ids.tokens.quote,
    pool: ids.pools.pool,
    amount: '1000',
    assets: [
      { token: ids.tokens.ar, pool: ids.pools.ar, weightBps: 6000, label: 'AR' },
      { token: ids.tokens.ao, pool: ids.pools.ao, weightBps: 4000, label: 'AO' },
    ],
  }),
  tickMs: 600_000,
  updateBodies: (ids, amt) => [
    `{"amount":"${amt}"}`,
    '{"amount":null}',
    '{"amonut":"5"}',
    '[]',
    '{broken',
    `{"quote":"${ids.attacker}"}`,
  ],
  invalidBodies: [1, 2, 3, 4, 5],
  expectCounters: ['n'],
  expectEvents: ['tick', 'quote', 'credit', 'owner.withdraw', 'owner.update-params'],
  testRuns: { numRuns: 80, maxMoves: 80, seed: 10_2027, minMessages: 5_000 },
})
