import type { StrategyIR } from '../../strategy/ir.ts'
import { riskView } from './risk.ts'
import type { AgentState } from './types.ts'

/** The Status document body; twin of R.snapshot in lua/agent/runtime.lua (encode with stableJson). */
export function snapshotState(S: AgentState, ir?: StrategyIR) {
  return {
    value: S.value,
    done: S.done,
    context: S.context,
    params: S.params,
    owner: S.owner,
    paused: S.paused,
    halted: S.halted,
    orders: S.orders,
    timers: S.timers,
    balances: S.balances,
    seq: S.seq,
    lastTick: S.lastTick,
    immutable: S.immutable,
    syncs: S.syncs,
    paramsRev: S.paramsRev,
    ...(ir?.risk ? { risk: riskView(S, ir.risk) } : {}),
    ...(S.gather ? { gather: S.gather } : {}),
    ...(S.batch ? { batch: S.batch } : {}),
  }
}
