import type { Value } from '../../strategy/expr.ts'
import type { StrategyIR } from '../../strategy/ir.ts'

/**
 * The agent's token names: each token param, then each item of a `listTokens` list as `<list>[<index>]`. A name is
 * where the token's balance is booked; twin of R.token_names / R.token_id in lua/agent/runtime.lua.
 */
export function tokenNames(ir: StrategyIR, params: Record<string, Value>): string[] {
  const out = [...ir.tokens]
  for (const list of Object.keys(ir.listTokens ?? {}).sort()) {
    const items = params[list]
    if (Array.isArray(items)) for (let i = 0; i < items.length; i++) out.push(`${list}[${i}]`)
  }
  return out
}

/** The process id of the token booked under `name`. */
export function tokenId(ir: StrategyIR, params: Record<string, Value>, name: string): string {
  const m = /^([A-Za-z0-9_]+)\[([0-9]+)\]$/.exec(name)
  if (m && ir.listTokens?.[m[1]] !== undefined) {
    const item = (params[m[1]] as Value[])[Number(m[2])] as Record<string, Value>
    return String(item[ir.listTokens[m[1]]])
  }
  return String(params[name])
}
