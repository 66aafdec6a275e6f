import type { IrNode, StrategyIR } from '../strategy/ir.ts'

const id = (path: string) => (path === '' ? '[*]' : path.replace(/[^A-Za-z0-9_]/g, '_'))

/** Draws the machine as a Mermaid stateDiagram-v2 (nested states as composite states). */
export function toMermaid(ir: StrategyIR): string {
  const lines = ['stateDiagram-v2']
  const children = (p: string) => ir.nodes.filter((n) => n.parent === p)
  const emit = (n: IrNode, ind: string) => {
    if (n.kind === 'compound' && n.path !== '') {
      lines.push(`${ind}state ${id(n.path)} {`)
      lines.push(`${ind}  [*] --> ${id(`${n.path}.${n.initial}`)}`)
      for (const c of children(n.path)) emit(c, `${ind}  `)
      lines.push(`${ind}}`)
    } else if (n.kind === 'final') lines.push(`${ind}${id(n.path)} --> [*]`)
    else if (n.path !== '') lines.push(`${ind}state "${n.path.split('.').pop()}" as ${id(n.path)}`)
  }
  lines.push(`  [*] --> ${id(ir.nodes[0].initial!)}`)
  for (const c of children('')) emit(c, '  ')
  for (const n of ir.nodes)
    for (const [event, ts] of n.on)
      for (const t of ts) {
        const label = `${event}${t.guard ? ' [guard]' : ''}${t.actions.length ? ` / ${t.actions.map((a) => a.name).join(', ')}` : ''}`
        if (n.path === '' && t.target !== undefined) {
          // a root transition applies in every top-level state
          for (const c of children(''))
            if (c.kind !== 'final' && c.path !== t.target)
              lines.push(`  ${id(c.path)} --> ${id(t.target)}: ${label}`)
          continue
        }
        const from = id(n.path)
        if (t.target !== undefined) lines.push(`  ${from} --> ${id(t.target)}: ${label}`)
        else
          lines.push(`  note right of ${n.path === '' ? id(ir.nodes[0].initial!) : from}: ${label} (stays)`)
      }
  return `${lines.join('\n')}\n`
}
