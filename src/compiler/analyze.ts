import type { IrAction, IrNode, StrategyIR } from '../strategy/ir.ts'
import { ACTION_PRIMITIVES } from '../strategy/primitives/registry.ts'

export type FindingCode =
  | 'unreachable-state'
  | 'unhandled-reply'
  | 'unhandled-event'
  | 'timeout-never-handled'
  | 'timeout-never-scheduled'
  | 'transition-from-final'
  | 'dead-end'
  | 'waits-without-timeout'

export interface Finding {
  code: FindingCode
  severity: 'error' | 'warning' | 'info'
  state: string
  message: string
  hint?: string
}

/** Events each action makes the agent wait for (declared by its primitive): the state it leads to should handle one. */
const REPLIES: Record<string, readonly string[]> = Object.fromEntries(
  Object.values(ACTION_PRIMITIVES).flatMap((p) => (p.replies ? [[p.name, p.replies]] : [])),
)

/**
 * Machine-checked spec of a strategy (Olas-style FSM checks): unreachable states, replies a state never handles
 * (on AO such a message is dropped and the agent waits forever), events a state ignores, transitions out of final
 * states, and timeouts scheduled but never handled (or the reverse).
 */
export function analyze(ir: StrategyIR): Finding[] {
  const out: Finding[] = []
  const byPath = new Map(ir.nodes.map((n) => [n.path, n]))
  const ancestors = (p: string): IrNode[] => {
    const list: IrNode[] = []
    let n = byPath.get(p)
    while (n) {
      list.push(n)
      n = n.parent === null ? undefined : byPath.get(n.parent)
    }
    return list
  }
  const initialLeaf = (p: string): string => {
    let n = byPath.get(p)!
    while (n.kind === 'compound') n = byPath.get(n.path === '' ? n.initial! : `${n.path}.${n.initial}`)!
    return n.path
  }
  const handles = (leaf: string, event: string) =>
    ancestors(leaf).some((n) => n.on.some(([e]) => e === event))
  // reachability over transitions, guards assumed passable
  const reached = new Set<string>()
  const work = [initialLeaf('')]
  const mark = (leaf: string) => {
    for (const a of ancestors(leaf)) reached.add(a.path)
  }
  const seenLeaves = new Set<string>()
  while (work.length) {
    const leaf = work.pop()!
    if (seenLeaves.has(leaf)) continue
    seenLeaves.add(leaf)
    mark(leaf)
    if (byPath.get(leaf)!.kind === 'final') continue
    for (const a of ancestors(leaf))
      for (const [, ts] of a.on)
        for (const t of ts) if (t.target !== undefined) work.push(initialLeaf(t.target))
  }
  for (const n of ir.nodes)
    if (n.path !== '' && !reached.has(n.path))
      out.push({
        code: 'unreachable-state',
        severity: 'warning',
        state: n.path,
        message: `state '${n.path}' can never be entered`,
        hint: 'remove it or add a transition into it',
      })
  const leaves = [...seenLeaves].sort()
  // replies the next state must handle
  for (const n of ir.nodes)
    for (const [event, ts] of n.on)
      for (const t of ts) {
        const dest = t.target !== undefined ? initialLeaf(t.target) : undefined
        for (const a of withBodies(t.actions)) {
          const replies = REPLIES[a.name]
          if (!replies) continue
          const targets = dest !== undefined ? [dest] : leaves.filter((l) => ancestors(l).includes(n))
          for (const leaf of targets) {
            // replies can be lost (a dead pool, a dropped message): without a timeout the agent waits forever
            // (a primitive with its own timeout, e.g. poolInfo's `info.timeout`, counts when handled)
            const hasTimeout = ancestors(leaf).some((x) =>
              x.on.some(([e]) => e.startsWith('timeout.') || (e.endsWith('.timeout') && replies.includes(e))),
            )
            if (dest !== undefined && !hasTimeout)
              out.push({
                code: 'waits-without-timeout',
                severity: 'warning',
                state: leaf,
                message: `'${leaf}' waits for ${a.name}() but handles no timeout`,
                hint: 'scheduleTimeout() when sending and handle timeout.<name> in this state',
              })
            if (!replies.some((r) => handles(leaf, r)))
              out.push({
                code: 'unhandled-reply',
                severity: 'warning',
                state: leaf,
                message: `'${event}' in '${n.path || '(root)'}' sends ${a.name}() but '${leaf}' handles none of ${replies.join(', ')}`,
                hint: 'handle the outcome or schedule a timeout, or the agent waits forever',
              })
          }
        }
      }
  // events a reachable state can receive but ignores
  const deliverable = new Set<string>(['credit', 'owner.liquidate'])
  if (ir.cron) deliverable.add('tick')
  const used = new Set(
    ir.nodes
      .flatMap((n) => [...n.entry, ...n.exit, ...n.on.flatMap(([, ts]) => ts.flatMap((t) => t.actions))])
      .flatMap((a) => withBodies([a]))
      .map((a) => a.name),
  )
  for (const [action, replies] of Object.entries(REPLIES))
    if (used.has(action)) for (const r of replies) deliverable.add(r)
  for (const leaf of leaves) {
    if (byPath.get(leaf)!.kind === 'final') continue
    const ignored = [...deliverable].filter((e) => !handles(leaf, e)).sort()
    if (ignored.length)
      out.push({
        code: 'unhandled-event',
        severity: 'info',
        state: leaf,
        message: `'${leaf}' ignores ${ignored.join(', ')}`,
      })
    const exits = ancestors(leaf).some((a) => a.on.some(([, ts]) => ts.some((t) => t.target !== undefined)))
    if (!exits)
      out.push({
        code: 'dead-end',
        severity: 'warning',
        state: leaf,
        message: `'${leaf}' has no way out and is not final`,
      })
  }
  for (const n of ir.nodes)
    if (n.kind === 'final' && n.on.length)
      out.push({
        code: 'transition-from-final',
        severity: 'error',
        state: n.path,
        message: `final state '${n.path}' has transitions`,
        hint: 'a done agent ignores every event',
      })
  // timeouts
  const all = withBodies(
    ir.nodes.flatMap((n) => [
      ...n.entry,
      ...n.exit,
      ...n.on.flatMap(([, ts]) => ts.flatMap((t) => t.actions)),
    ]),
  )
  const scheduled = new Set(all.flatMap((a) => ACTION_PRIMITIVES[a.name].timer?.(a) ?? []))
  const handled = new Set(
    ir.nodes
      .flatMap((n) => n.on.map(([e]) => e))
      .filter((e) => e.startsWith('timeout.'))
      .map((e) => e.slice(8)),
  )
  for (const t of [...scheduled].sort())
    if (!handled.has(t))
      out.push({
        code: 'timeout-never-handled',
        severity: 'warning',
        state: '',
        message: `timeout '${t}' is scheduled but no state handles 'timeout.${t}'`,
      })
  for (const t of [...handled].sort())
    if (!scheduled.has(t))
      out.push({
        code: 'timeout-never-scheduled',
        severity: 'warning',
        state: '',
        message: `'timeout.${t}' is handled but never scheduled`,
      })
  return out
}

/** The actions and, for forEach, the actions of its body (recursively): what may run. */
function withBodies(list: IrAction[]): IrAction[] {
  return list.flatMap((a) => [a, ...withBodies(a.body ?? [])])
}
