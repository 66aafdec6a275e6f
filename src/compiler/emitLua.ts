import { wireForLua } from '../protocols/agentWire.ts'
import type { IrAction, IrNode, StrategyIR } from '../strategy/ir.ts'
import { KEEPER_PARAM, KEEPER_TICK_ACTION, tickSlotMs } from '../strategy/primitives/events/tick.ts'
import { ACTION_PRIMITIVES, EVENT_PRIMITIVES, HALT_SKIPS } from '../strategy/primitives/registry.ts'
import { REPLY_REASONS } from '../strategy/replies.ts'
import { ExprEmitter } from './emitExpr.ts'
import { link, moduleName } from './link.ts'
import { luaLiteral, luaString } from './luaLiteral.ts'

export interface EmitMeta {
  afkVersion: string
  strategyHash: string
  paramsHash: string
  /** refuse every Eval after boot (chosen at compile/deploy time, shown in Status) */
  immutable?: boolean
}

const CORE = ['q.lua', 'json.lua', 'machine.lua', 'runtime.lua', 'batch.lua']
const COLL = 'coll.lua'
const RISK = 'risk.lua'

/** Emits one self-contained Lua 5.3 file for aos: header, linked runtime, expression functions, machine table, boot. */
export function emitLua(ir: StrategyIR, meta: EmitMeta): { lua: string; modules: string[] } {
  const ex = new ExprEmitter()
  const usedActions = new Set<string>()
  // The machine table is live heap that aos's full collection after every message walks, so it is kept to few
  // tables: each distinct action is one table A[i] (actions are read only), arguments a flat { key1, fn1, ... } list,
  // and every empty list the one NONE.
  const actionTables: string[] = []
  const actionIndex = new Map<string, number>()
  const action = (a: IrAction, ind: string): string => {
    usedActions.add(a.name)
    const args = a.args.map(([k, e]) => `${luaString(k)}, ${ex.fn(e)}`).join(', ')
    const st = a.static ? `, static = ${luaLiteral(a.static).replace(/\n\s*/g, ' ')}` : ''
    // forEach: the actions run for each item
    const body = a.body ? `, body = ${actions(a.body, '')}` : ''
    const table = `{ name = ${luaString(a.name)}, args = ${args ? `{ ${args} }` : 'NONE'}${st}${body} }`
    let i = actionIndex.get(table)
    if (i === undefined) {
      actionTables.push(table)
      i = actionTables.length
      actionIndex.set(table, i)
    }
    return `${ind}A[${i}],`
  }
  const actions = (list: IrAction[], ind: string) =>
    list.length === 0 ? 'NONE' : `{\n${list.map((a) => action(a, `${ind}  `)).join('\n')}\n${ind}}`
  const node = (n: IrNode): string => {
    const i = '      '
    const on = n.on
      .map(([evt, ts]) => {
        const cands = ts
          .map((t) => {
            const parts = [
              t.guard ? `guard = ${ex.fn(t.guard)}` : '',
              t.target !== undefined ? `target = ${luaString(t.target)}` : '',
              `reenter = ${t.reenter}`,
              `actions = ${actions(t.actions, `${i}    `)}`,
            ].filter(Boolean)
            return `${i}    { ${parts.join(', ')} },`
          })
          .join('\n')
        return `${i}  [${luaString(evt)}] = {\n${cands}\n${i}  },`
      })
      .join('\n')
    return [
      `    [${luaString(n.path)}] = {`,
      n.parent !== null ? `${i}parent = ${luaString(n.parent)},` : '',
      `${i}kind = ${luaString(n.kind)},`,
      n.initial ? `${i}initial = ${luaString(n.initial)},` : '',
      `${i}entry = ${actions(n.entry, i)},`,
      `${i}exit = ${actions(n.exit, i)},`,
      `${i}on = ${on ? `{\n${on}\n${i}}` : 'NONE'},`,
      '    },',
    ]
      .filter(Boolean)
      .join('\n')
  }
  const machine = `local MACHINE = { nodes = {\n${ir.nodes.map(node).join('\n')}\n} }`
  const actionFiles = [...usedActions].sort().map((n) => ACTION_PRIMITIVES[n].lua)
  const eventFiles = EVENT_PRIMITIVES.filter((e) => !e.linkedWith || usedActions.has(e.linkedWith)).map(
    (e) => e.lua,
  )
  // collection helpers are linked only when used, so strategies without collections stay byte-identical
  const rings = Object.entries(ir.context)
    .filter(([, v]) => Array.isArray(v))
    .map(([k]) => k)
  const deps = new Set(ex.usesColl ? [COLL] : [])
  for (const n of usedActions) for (const f of ACTION_PRIMITIVES[n].luaDeps ?? []) deps.add(f)
  // risk controls are linked only into strategies that declare them (the others stay byte-identical)
  if (ir.risk) deps.add(RISK)
  const coll = deps.has(COLL)
  const files = [...CORE, ...[...deps].sort(), ...eventFiles, ...actionFiles]
  const boot = {
    meta: {
      id: ir.id,
      afkVersion: meta.afkVersion,
      strategyHash: meta.strategyHash,
      paramsHash: meta.paramsHash,
    },
    tokens: ir.tokens,
    ...(ir.listTokens ? { listTokens: ir.listTokens } : {}),
    paramSpec: ir.paramSpec,
    ...(ir.listParams ? { listParams: ir.listParams } : {}),
    params: ir.params,
    context: ir.context,
    immutable: meta.immutable === true,
    ...(ir.risk ? { risk: ir.risk } : {}),
    // ask(): the reply schemas and the texts of their failures (replies.ts owns both)
    ...(ir.replies ? { replies: ir.replies, replyText: REPLY_REASONS } : {}),
    // ticks are slotted on the cron interval; keeper ticks come from the wallet in this param (events/tick.lua)
    ...(tickSlotMs(ir) !== undefined
      ? { tick: { ms: tickSlotMs(ir), keeperParam: KEEPER_PARAM, keeperAction: KEEPER_TICK_ACTION } }
      : {}),
  }
  const lines = [
    `-- afk ${meta.afkVersion} | strategy ${ir.id}`,
    `-- strategy-hash: sha256:${meta.strategyHash}`,
    `-- params-hash: sha256:${meta.paramsHash}`,
    `-- modules: ${files.map(moduleName).join(' ')}`,
    '-- Generated by `afk compile`; load into an aos process with Eval or On-Boot=Data. Do not edit.',
    '',
    `package.loaded["afk.wire"] = ${luaLiteral(wireForLua(HALT_SKIPS))}`,
    '',
    link(files),
    '',
    'local Q = require("afk.q")',
    'local R = require("afk.runtime")',
    ...(coll ? ['local C = require("afk.coll")'] : []),
    `R.events = { ${eventFiles.map((f) => `require("${moduleName(f)}")`).join(', ')} }`,
    `R.actions = { ${actionFiles.map((f, i) => `[${luaString([...usedActions].sort()[i])}] = require("${moduleName(f)}")`).join(', ')} }`,
  ]
  const body = machine // emitting the machine registers every function and constant
  lines.push(`local K = { ${ex.consts.join(', ')} }`)
  lines.push('local F = {}')
  for (const [i, f] of ex.fns.entries()) lines.push(`F[${i + 1}] = ${f}`)
  lines.push('local NONE = {} -- every empty list of the machine (read only)')
  lines.push('local A = {}')
  for (const [i, a] of actionTables.entries()) lines.push(`A[${i + 1}] = ${a}`)
  lines.push(body)
  lines.push(`local DEF = ${luaLiteral(boot)}`)
  // ring buffers are JSON arrays in Status even when empty
  for (const k of rings)
    lines.push(`setmetatable(DEF.context[${luaString(k)}], require("afk.json").array_mt)`)
  lines.push('DEF.machine = MACHINE')
  lines.push('R.boot(DEF)')
  lines.push('')
  return { lua: lines.join('\n'), modules: files.map(moduleName) }
}
