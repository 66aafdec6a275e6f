import type { Value } from '../../../../strategy/expr.ts'
import { bindLoop, type ExprEnv, evalExpr } from '../../evalExpr.ts'
import type { ActionRun } from '../../types.ts'

/**
 * forEach (definition: src/strategy/primitives/actions/forEach.ts): the body's actions for each item of the list,
 * read once before the first item; twin of for_each.lua. Its `env` argument is the env its arguments were evaluated
 * in, so the body sees the same event, context and loops.
 */
export const runForEach: ActionRun = (rt, args, action) => {
  const env = args.env as unknown as ExprEnv
  const items = [...(args.list as Value[])]
  const depth = Number(action.static!.depth)
  items.forEach((item, i) => {
    const inner = bindLoop(env, depth, item, i)
    for (const a of action.body ?? []) {
      // a halt skips an order inside a loop as it does outside
      if (rt.skipWhileHalted(a.name)) continue
      const values: Record<string, Value> = {}
      for (const [k, e] of a.args) values[k] = evalExpr(e, inner)
      rt.runBody(a, values)
    }
  })
}
