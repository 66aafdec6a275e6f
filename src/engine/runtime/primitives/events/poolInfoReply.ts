import { isProcessId } from '../../../../ao/ids.ts'
import type { Value } from '../../../../strategy/expr.ts'
import { INT_LIMIT } from '../../../../strategy/int.ts'
import { infoTimer } from '../../../../strategy/primitives/actions/poolInfo.ts'
import { INFO_FAILURES, INFO_TAGS } from '../../../../strategy/primitives/events/poolInfoReply.ts'
import type { AgentEvent, EventMatch, MsgView } from '../../types.ts'

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
 * `pool_info_reply` in the TS engine
 * (definition: src/strategy/primitives/events/poolInfoReply.ts; twin: lua/agent/events/pool_info_reply.lua).
 */
export const matchPoolInfoReply: EventMatch = (rt, msg): AgentEvent | 'handled' | null => {
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
}
