import { startBatch, startGather } from '../../../engine/runtime/batch.ts'
import type { ActionPrimitive, Rt } from '../../../engine/runtime/types.ts'
import { haltSkipLog } from '../../../protocols/agentWire.ts'
import { bindLoop, type ExprEnv, evalExpr, type Value } from '../../expr.ts'
import type { IrAction } from '../../ir.ts'
import { ACTION_PRIMITIVES } from '../registry.ts'

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
      ACTION_PRIMITIVES[a.name].run(rt, values, a)
    }
  })
}

/**
 * quoteAll: one Get-Swap-Output per list item, gathered into one `quotes` event when every reply, verified failure
 * or the timeout is in. A halted agent sends nothing: its gather is empty and completes at once.
 */
export const quoteAllAction: ActionPrimitive = {
  name: 'quoteAll',
  lua: 'actions/quote_all.lua',
  args: 'dynamic',
  statics: ['depth'],
  loop: true,
  batchOf: 'quote',
  luaDeps: ['coll.lua'],
  replies: ['quotes'],
  run(rt, args, action) {
    startGather(rt, args.after as bigint)
    if (rt.S.halted) rt.logs.push(haltSkipLog('quoteAll'))
    else eachItem(rt, args, action)
  },
}

/**
 * swapAll: one swap per list item (an item whose amount is 0 is skipped), all in flight together; each outcome is a
 * swap.* event carrying the item's index, and `swaps.done` follows once all resolved or the timeout passed. A halted
 * agent sends nothing: its batch is empty and completes at once.
 */
export const swapAllAction: ActionPrimitive = {
  name: 'swapAll',
  lua: 'actions/swap_all.lua',
  args: 'dynamic',
  statics: ['depth'],
  loop: true,
  batchOf: 'swap',
  luaDeps: ['coll.lua'],
  replies: ['swaps.done'],
  run(rt, args, action) {
    startBatch(rt, args.after as bigint)
    if (rt.S.halted) rt.logs.push(haltSkipLog('swapAll'))
    else eachItem(rt, args, action)
  },
}
