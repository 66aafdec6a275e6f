import type { ExprNode } from '../../strategy/expr.ts'
import type { IrAction, StrategyIR } from '../../strategy/ir.ts'

/** A process the strategy asks (ask()), as far as its id and the `Asset` tag are known from params or literals. */
export interface AskedProcess {
  reply: string
  /** the param naming the process, or undefined for a literal id */
  param?: string
  id: string
  /** the request's `Asset` tag, when it is a param or a literal */
  asset?: string
}

const constant = (e: ExprNode | undefined, params: Record<string, unknown>) => {
  const n = e as { k?: string; name?: string; v?: unknown } | undefined
  if (n?.k === 'param' && typeof params[n.name as string] === 'string')
    return { value: params[n.name as string] as string, param: n.name }
  if (n?.k === 'lit' && (n as { t?: string }).t === 'str' && typeof n.v === 'string') return { value: n.v }
  return undefined
}

/** Every ask() of the strategy whose target process is fixed by a param or a literal, in document order. */
export function askedProcesses(ir: StrategyIR, params: Record<string, unknown>): AskedProcess[] {
  const out: AskedProcess[] = []
  const visit = (list: IrAction[]) => {
    for (const a of list) {
      if (a.body) visit(a.body)
      if (a.name !== 'ask') continue
      const args = Object.fromEntries(a.args)
      const proc = constant(args.process, params)
      if (!proc) continue
      const asset = constant(args['tag:Asset'], params)?.value
      if (out.some((x) => x.id === proc.value && x.reply === a.static?.reply)) continue
      out.push({
        reply: a.static?.reply ?? '',
        param: proc.param,
        id: proc.value,
        ...(asset ? { asset } : {}),
      })
    }
  }
  for (const n of ir.nodes) {
    visit(n.entry)
    visit(n.exit)
    for (const [, ts] of n.on) for (const t of ts) visit(t.actions)
  }
  return out
}
