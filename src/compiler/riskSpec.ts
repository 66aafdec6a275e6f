import type { IrAction, IrNode } from '../strategy/ir.ts'
import type { ParamKind } from '../strategy/params.ts'
import { ACTION_PRIMITIVES } from '../strategy/primitives/registry.ts'
import type { RiskIR } from '../strategy/risk.ts'
import type { Diagnostics } from './diagnostics.ts'

/**
 * Checks a strategy's `risk` section (param names and kinds, token names) and turns it into the IR's form. The
 * types catch these mistakes in TS; this catches them for plain JS and for widened types.
 */
export function riskSpec(
  raw: unknown,
  paramSpec: Record<string, ParamKind>,
  tokens: string[],
  d: Diagnostics,
): RiskIR | undefined {
  if (raw === undefined) return undefined
  const at = ['risk']
  if (typeof raw !== 'object' || raw === null) {
    d.error(
      'invalid-risk',
      at,
      'risk must be an object',
      "e.g. risk: { limits: { quote: { perTrade: 'maxTrade' } } }",
    )
    return undefined
  }
  const r = raw as Record<string, any>
  const param = (v: unknown, kind: 'int' | 'bool', path: string[]): string | undefined => {
    if (typeof v === 'string' && paramSpec[v]?.kind === kind) return v
    d.error(
      'invalid-risk',
      path,
      `${JSON.stringify(v)} must name ${kind === 'int' ? 'an integer' : 'a boolean'} param`,
      kind === 'int' ? 'declare it with quantity() or z.number().int()' : 'declare it with z.boolean()',
    )
    return undefined
  }
  const token = (v: unknown, path: string[]): string | undefined => {
    if (typeof v === 'string' && tokens.includes(v)) return v
    d.error('invalid-risk', path, `${JSON.stringify(v)} is not a token param`, `tokens: ${tokens.join(', ')}`)
    return undefined
  }
  for (const k of Object.keys(r))
    if (k !== 'reduceOnly' && k !== 'limits')
      d.error('invalid-risk', [...at, k], `unknown risk control '${k}'`, 'controls: reduceOnly, limits')
  const out: RiskIR = { limits: {} }
  if (r.reduceOnly !== undefined) {
    const p = param(r.reduceOnly?.param, 'bool', [...at, 'reduceOnly', 'param'])
    const n = token(r.reduceOnly?.numeraire, [...at, 'reduceOnly', 'numeraire'])
    if (p && n) out.reduceOnly = { param: p, numeraire: n }
  }
  for (const [t, lim] of Object.entries((r.limits ?? {}) as Record<string, any>)) {
    const lat = [...at, 'limits', t]
    if (!token(t, lat) || typeof lim !== 'object' || lim === null) continue
    const entry: RiskIR['limits'][string] = {}
    for (const k of Object.keys(lim)) {
      if (k === 'perTrade' || k === 'perDay') {
        const p = param(lim[k], 'int', [...lat, k])
        if (p) entry[k] = p
      } else if (k === 'slippage') {
        const b = param(lim.slippage?.budget, 'int', [...lat, k, 'budget'])
        const f = param(lim.slippage?.refillPerDay, 'int', [...lat, k, 'refillPerDay'])
        if (b && f) entry.slippage = { budget: b, refillPerDay: f }
      } else
        d.error('invalid-risk', [...lat, k], `unknown limit '${k}'`, 'limits: perTrade, perDay, slippage')
    }
    out.limits[t] = entry
  }
  return out
}

/** A slippage budget prices an order by its quote: every action that takes a `quoted` argument must then pass it. */
export function checkSwapsQuoted(risk: RiskIR | undefined, nodes: IrNode[], d: Diagnostics): void {
  if (!risk || !Object.values(risk.limits).some((l) => l.slippage)) return
  const walk = (list: IrAction[], path: string[]): void => {
    for (const [i, a] of list.entries()) {
      const takes = ACTION_PRIMITIVES[a.name]?.args
      if (typeof takes === 'object' && 'quoted' in takes && !a.args.some(([k]) => k === 'quoted'))
        d.error(
          'invalid-risk',
          [...path, String(i)],
          'a strategy with a slippage budget must pass swap({ …, quoted }) (the quote minOut comes from)',
          'add quoted: ev.output',
        )
      if (a.body) walk(a.body, [...path, String(i), 'body'])
    }
  }
  for (const n of nodes) {
    const at = ['machine', ...(n.path ? n.path.split('.').flatMap((s) => ['states', s]) : [])]
    walk(n.entry, [...at, 'entry'])
    walk(n.exit, [...at, 'exit'])
    for (const [evt, ts] of n.on)
      for (const [i, t] of ts.entries()) walk(t.actions, [...at, 'on', evt, String(i), 'actions'])
  }
}
