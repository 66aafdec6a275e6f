import { haltSkipLog } from '../../../../protocols/agentWire.ts'
import type { Value } from '../../../../strategy/expr.ts'
import type { IrAction } from '../../../../strategy/ir.ts'
import { startBatch, startGather } from '../../batch.ts'
import { bindLoop, type ExprEnv, evalExpr } from '../../evalExpr.ts'
import type { ActionRun, Rt } from '../../types.ts'

/** Runs the body (one indexed quote or swap) for each item, as forEach does; twin of batch_all.lua. */
function eachItem(rt: Rt, args: Record<string, Value>, action: IrAction): void {
  const env = args.env as unknown as ExprEnv
  const items = [...(args.list as Value[])]
  const depth = Number(action.static!.depth)
  items.forEach((item, i) => {
    const inner = bindLoop(env, depth, item, i)
    for (const a of action.body ?? []) {
      const values: Record<string, Value> = {}
      for (const [k, e] of a.args) values[k] = evalExpr(e, inner)
      rt.runBody(a, values)
    }
  })
}

/** quoteAll (definition: src/strategy/primitives/actions/batchActions.ts): opens a gather, then quotes each item. */
export const runQuoteAll: ActionRun = (rt, args, action) => {
  startGather(rt, args.after as bigint)
  if (rt.S.halted) rt.logs.push(haltSkipLog('quoteAll'))
  else eachItem(rt, args, action)
}

/** swapAll (definition: src/strategy/primitives/actions/batchActions.ts): opens a batch, then swaps each item. */
export const runSwapAll: ActionRun = (rt, args, action) => {
  startBatch(rt, args.after as bigint)
  if (rt.S.halted) rt.logs.push(haltSkipLog('swapAll'))
  else eachItem(rt, args, action)
}
