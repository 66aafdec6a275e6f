import { isProcessId } from '../../../ao/ids.ts'
import type { Value } from '../../expr.ts'
import { INT_LIMIT } from '../../int.ts'
import type { AgentEvent, EventPrimitive, MsgView } from '../../runtime/types.ts'
import { infoTimer } from '../actions/poolInfo.ts'

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

/** A non-negative integer string below the agent's integer limit (Q.parse's rules), else undefined. */
function wholeAmount(s: unknown): bigint | undefined {
  if (typeof s !== 'string' || s.length === 0 || s.length > 80 || !/^[0-9]+$/.test(s)) return undefined
  const v = BigInt(s)
  return v < INT_LIMIT ? v : undefined
}

/** The real pool writes FeeBps as a float string (`25.0`, dex-protocols §2.1.5b): a zero fraction is accepted. */
function feeBps(s: unknown): bigint | undefined {
  const m = typeof s === 'string' ? /^([0-9]+)(\.0+)?$/.exec(s) : null
  const v = m ? wholeAmount(m[1]) : undefined
  return v !== undefined && v <= 10_000n ? v : undefined
}

function read(msg: MsgView): Record<string, Value> | string {
  const [a, b] = [msg[INFO_TAGS.tokenA], msg[INFO_TAGS.tokenB]]
  if (typeof a !== 'string' || typeof b !== 'string' || !isProcessId(a) || !isProcessId(b) || a === b)
    return INFO_FAILURES.tokens
  const fee = feeBps(msg[INFO_TAGS.feeBps])
  if (fee === undefined) return INFO_FAILURES.fee
  const supply = wholeAmount(msg[INFO_TAGS.totalSupply])
  if (supply === undefined) return INFO_FAILURES.supply
  return { tokenA: a, tokenB: b, feeBps: fee, totalSupply: supply }
}

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
  match(rt, msg): AgentEvent | 'handled' | null {
    if (msg.Action !== 'Info-Response') return null
    const S = rt.S
    const ref = msg['X-Reference']
    if (typeof ref !== 'string') return null
    const oid = Object.keys(S.orders)
      .sort()
      .find((id) => {
        const o = S.orders[id]
        return o.kind === 'info' && o.pool === msg.From && o.ref === ref
      })
    if (oid === undefined) return null
    const o = S.orders[oid]
    if (rt.now >= BigInt(o.deadline)) return 'handled'
    delete S.orders[oid]
    delete S.timers[infoTimer(oid)]
    const r = read(msg)
    if (typeof r === 'string') return { type: 'info.failed', f: { order: oid, pool: o.pool, reason: r } }
    return { type: 'info', f: { order: oid, pool: o.pool, ...r } }
  },
}
