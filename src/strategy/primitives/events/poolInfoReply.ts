import type { EventPrimitive } from '../EventPrimitive.ts'

/**
 * The reply tags (protocols/botega.ts `poolInfoResponse`) as the agent reads them: aos normalizes names (`TokenA` →
 * `Tokena`, `FeeBps` → `Feebps`); test/differential/poolInfo.test.ts checks they match the protocol spec.
 */
export const INFO_TAGS = {
  tokenA: 'Tokena',
  tokenB: 'Tokenb',
  feeBps: 'Feebps',
  totalSupply: 'Totalsupply',
} as const

/** The `info.failed` reasons (fixed texts: nothing from the reply is echoed). */
export const INFO_FAILURES = {
  tokens: 'TokenA and TokenB must name two different process ids',
  fee: 'FeeBps must be a whole number of bps from 0 to 10000',
  supply: 'TotalSupply must be a non-negative integer string',
} as const

/**
 * Reply to our Info: `Info-Response` from the read's pool, echoing our Reference, before the deadline (a late one is
 * consumed and the timeout raised instead). Anyone can make the pool answer with our Reference (Reply-To), but the
 * pool's Info is a public fact, so that only makes us read it earlier; a stranger's reply or another Reference is
 * not ours. A reply from the pool we cannot read (no pair, a fee that is not whole bps, a bad supply) is
 * `info.failed`: it is what the pool says, and waiting longer would not change it. Twin of pool_info_reply.lua.
 */
export const poolInfoReplyEvent: EventPrimitive = {
  name: 'pool_info_reply',
  lua: 'events/pool_info_reply.lua',
  linkedWith: 'poolInfo',
  events: {
    info: { order: 'str', pool: 'str', tokenA: 'str', tokenB: 'str', feeBps: 'int', totalSupply: 'int' },
    'info.failed': { order: 'str', pool: 'str', reason: 'str' },
    // raised by the read's timer (actions/poolInfo.ts)
    'info.timeout': { order: 'str', pool: 'str' },
  },
}
