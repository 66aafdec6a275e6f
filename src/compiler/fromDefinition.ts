import type { ActionSpec } from '../strategy/actions.ts'
import { isMapInit, isRingInit } from '../strategy/collections.ts'
import {
  buildMachineSpec,
  type StateSpec,
  type Strategy,
  type TransitionSpec,
} from '../strategy/defineStrategy.ts'
import { type ExprNode, type ExprType, isExpr, type Value } from '../strategy/expr.ts'
import { INT_LIMIT } from '../strategy/int.ts'
import type { IrAction, IrNode, IrTransition, StrategyIR } from '../strategy/ir.ts'
import { exprTypeOfKind, listKind, type ParamKind, paramKind } from '../strategy/params.ts'
import { ACTION_PRIMITIVES, knownEvents } from '../strategy/primitives/registry.ts'
import { type ReplyField, replyEvents, replyFields } from '../strategy/replies.ts'
import { Diagnostics } from './diagnostics.ts'
import { didYouMean } from './didYouMean.ts'
import { checkSwapsQuoted, riskSpec } from './riskSpec.ts'
import { isCollection, loopItem, type TypeScope, type TypeTag, typeOf } from './typeOf.ts'

const STATE_KEYS = new Set([
  'type',
  'initial',
  'states',
  'on',
  'entry',
  'exit',
  'description',
  'id',
  'meta',
  'tags',
])
const TIMEOUT_NAME = /^[A-Za-z0-9_-]+$/
/** Largest ring buffer: a loop over it runs at most this many times per message. */
export const MAX_RING_CAPACITY = 256

/** A parsed param value as the engines hold it: integers as bigint, lists as arrays of records. */
const toValue = (v: unknown): Value =>
  typeof v === 'number'
    ? BigInt(v)
    : Array.isArray(v)
      ? v.map(toValue)
      : typeof v === 'object' && v !== null
        ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, toValue(x)]))
        : (v as Value)

/**
 * Turns a strategy definition plus concrete params into the validated IR, collecting every problem as a diagnostic
 * with a path into the definition (e.g. states.quoting.on.quote[0].actions[1]).
 */
export function fromDefinition(
  strategy: Strategy,
  rawParams: unknown,
): { ir?: StrategyIR; diagnostics: Diagnostics } {
  const d = new Diagnostics()
  const cfg = strategy.config
  // params
  const shape = (cfg.params as any).shape as Record<string, any>
  const paramSpec: Record<string, ParamKind> = {}
  for (const [k, s] of Object.entries(shape ?? {})) {
    if ((s as any)?._zod?.def?.type === 'array') {
      const list = listKind(s)
      for (const p of list.problems) d.error(p.code, ['params', k, ...p.path], p.message, p.hint)
      if (list.kind) paramSpec[k] = list.kind
      continue
    }
    const kind = paramKind(s)
    if (!kind)
      d.error(
        'unsupported-param-type',
        ['params', k],
        `param '${k}' has a type that cannot run on AO`,
        'use quantity(), processId(), basisPoints(), z.string(), z.boolean() or an integer z.number().int()',
      )
    else paramSpec[k] = kind
  }
  // Unknown keys would be dropped by zod and never reach the agent: a typo must not compile silently.
  if (rawParams && typeof rawParams === 'object' && !Array.isArray(rawParams))
    for (const k of Object.keys(rawParams).sort())
      if (!(k in (shape ?? {})))
        d.error(
          'unknown-param',
          ['params', k],
          `unknown param '${k}'`,
          didYouMean(k, Object.keys(shape ?? {})),
        )
  const parsed = cfg.params.safeParse(rawParams)
  const params: Record<string, Value> = {}
  if (!parsed.success) {
    for (const issue of parsed.error.issues)
      d.error('invalid-params', ['params', ...issue.path.map(String)], issue.message)
  } else {
    for (const [k, v] of Object.entries(parsed.data as Record<string, unknown>)) {
      if (!paramSpec[k]) continue
      params[k] = toValue(v)
      // The agent computes in 256-bit integers and refuses anything else at Update-Params: so does the compiler.
      const x = params[k]
      if (paramSpec[k].kind === 'int' && typeof x === 'bigint' && (x >= INT_LIMIT || x <= -INT_LIMIT))
        d.error(
          'invalid-params',
          ['params', k],
          `${x} is outside the agent's integer range (|x| < 2^255)`,
          'amounts are raw token units: check the number of zeros',
        )
    }
  }
  for (const t of cfg.tokens) {
    if (paramSpec[t]?.kind !== 'processId')
      d.error('invalid-token-param', ['tokens', t], `token '${t}' must name a processId() param`)
  }
  for (const [list, field] of Object.entries(cfg.listTokens ?? {})) {
    const k = paramSpec[list]
    if (k?.kind !== 'list' || k.fields[field as string]?.kind !== 'processId')
      d.error(
        'invalid-token-param',
        ['listTokens', list],
        `listTokens.${list} must name a processId() field of a list param`,
        `e.g. listTokens: { assets: 'token' } with assets: z.array(z.object({ token: processId(), … })).max(8)`,
      )
  }
  // context
  const context: Record<string, Value> = {}
  const ctxTypes: Record<string, TypeTag> = {}
  const rings: Record<string, number> = {}
  for (const [k, v] of Object.entries(cfg.context ?? {})) {
    if (isRingInit(v)) {
      if (!Number.isSafeInteger(v.capacity) || v.capacity < 1 || v.capacity > MAX_RING_CAPACITY)
        d.error(
          'list-too-long',
          ['context', k],
          `a ring buffer holds 1–${MAX_RING_CAPACITY} integers, not ${v.capacity}`,
          `use ring(n) with 1 ≤ n ≤ ${MAX_RING_CAPACITY}`,
        )
      context[k] = []
      ctxTypes[k] = 'ring'
      rings[k] = v.capacity
    } else if (isMapInit(v)) {
      context[k] = {}
      ctxTypes[k] = 'map'
    } else if (typeof v === 'bigint' || (typeof v === 'number' && Number.isSafeInteger(v))) {
      context[k] = BigInt(v)
      ctxTypes[k] = 'int'
    } else if (typeof v === 'boolean' || typeof v === 'string') {
      context[k] = v
      ctxTypes[k] = typeof v === 'boolean' ? 'bool' : 'str'
    } else
      d.error(
        'invalid-context',
        ['context', k],
        `context '${k}' must start as a bigint, integer, boolean, string, ring(n) or map()`,
      )
  }
  const paramTypes: Record<string, TypeTag> = {}
  const lists: Record<string, Record<string, ExprType>> = {}
  for (const [k, v] of Object.entries(paramSpec)) {
    paramTypes[k] = v.kind === 'list' ? 'list' : exprTypeOfKind(v)
    if (v.kind === 'list')
      lists[k] = Object.fromEntries(Object.entries(v.fields).map(([f, fk]) => [f, exprTypeOfKind(fk)]))
  }
  const events = knownEvents()
  const replies = compileReplies(cfg.replies, events, d)
  let spec: ReturnType<typeof buildMachineSpec>
  try {
    spec = buildMachineSpec(strategy)
  } catch (e) {
    d.error('invalid-machine', ['machine'], `the machine callback threw: ${(e as Error).message}`)
    return { diagnostics: d }
  }
  const nodes: IrNode[] = []
  const ctx: WalkCtx = {
    d,
    nodes,
    events,
    scopeBase: { params: paramTypes, context: ctxTypes, event: null, tokens: cfg.tokens, lists },
    pending: [],
    rings,
    replies,
    declaredReplies: Object.keys((cfg.replies as object | undefined) ?? {}),
  }
  walkState(spec, '', null, ['machine'], ctx)
  resolveTargets(ctx)
  const risk = riskSpec(cfg.risk, paramSpec, cfg.tokens, d)
  checkSwapsQuoted(risk, nodes, d)
  if (d.hasErrors) return { diagnostics: d }
  return {
    diagnostics: d,
    ir: {
      id: cfg.id,
      description: cfg.description ?? '',
      tokens: [...cfg.tokens],
      ...(cfg.listTokens && Object.keys(cfg.listTokens).length
        ? { listTokens: { ...(cfg.listTokens as Record<string, string>) } }
        : {}),
      // list params are kept apart (Update-Params checks them item by item, src/engine/runtime/paramPatch.ts)
      paramSpec: Object.fromEntries(Object.entries(paramSpec).filter(([, v]) => v.kind !== 'list')),
      ...(Object.values(paramSpec).some((v) => v.kind === 'list')
        ? { listParams: Object.fromEntries(Object.entries(paramSpec).filter(([, v]) => v.kind === 'list')) }
        : {}),
      params,
      context,
      nodes,
      ...(cfg.cron ? { cron: { interval: cfg.cron.interval, tags: cfg.cron.tags ?? {} } } : {}),
      ...(risk ? { risk } : {}),
      ...(Object.keys(replies).length ? { replies } : {}),
    },
  }
}

/**
 * ask() reply schemas: each compiles to field checks and adds its events (`reply.<name>`, `.invalid`,
 * `.timeout`). A field name has one type everywhere an `ev.*` reader sees it, so one that afk's own events or
 * another reply use with another meaning is refused.
 */
function compileReplies(
  raw: unknown,
  events: Record<string, Record<string, ExprType>>,
  d: Diagnostics,
): Record<string, ReplyField[]> {
  const out: Record<string, ReplyField[]> = {}
  if (raw === undefined) return out
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    d.error(
      'unsupported-reply-schema',
      ['replies'],
      'replies must be an object of z.object() schemas by name',
    )
    return out
  }
  const own = new Set(Object.values(events).flatMap((f) => Object.keys(f)))
  const seen = new Map<string, ExprType>()
  for (const name of Object.keys(raw).sort()) {
    const r = replyFields(name, (raw as Record<string, unknown>)[name])
    for (const p of r.problems) d.error(p.code, ['replies', name, ...p.path], p.message, p.hint)
    if (!r.fields) continue
    let ok = true
    for (const f of r.fields) {
      const other = seen.get(f.name)
      if (own.has(f.name) || (other !== undefined && other !== f.type)) {
        ok = false
        d.error(
          'unsupported-reply-schema',
          ['replies', name, f.name],
          own.has(f.name)
            ? `reply field '${f.name}' is also a field of afk's own events`
            : `reply field '${f.name}' is ${f.type} here and ${other} in another reply`,
          'name it as the replying process tags it (e.g. Signal-Bps), one type per name',
        )
      }
      seen.set(f.name, f.type)
    }
    if (!ok) continue
    out[name] = r.fields
    Object.assign(events, replyEvents(name, r.fields))
  }
  return out
}

interface WalkCtx {
  d: Diagnostics
  nodes: IrNode[]
  events: Record<string, Record<string, ExprType>>
  scopeBase: TypeScope
  /** transitions whose string targets are resolved once every node is known */
  pending: Array<{ t: IrTransition; raw: string; source: string; path: string[] }>
  /** ring buffer capacities by context field */
  rings: Record<string, number>
  /** ask() reply schemas by name */
  replies: Record<string, ReplyField[]>
  /** every reply name the strategy declares, also those whose schema was refused */
  declaredReplies: string[]
}

const join = (parent: string, key: string) => (parent === '' ? key : `${parent}.${key}`)

function walkState(s: StateSpec, path: string, parent: string | null, at: string[], c: WalkCtx): void {
  const { d } = c
  if (typeof s !== 'object' || s === null) {
    d.error('invalid-machine', at, 'a state must be an object')
    return
  }
  for (const key of Object.keys(s)) {
    if (STATE_KEYS.has(key)) continue
    if (key === 'invoke')
      d.error(
        'unsupported-invoke',
        [...at, key],
        'invoke (child actors) cannot run inside one aos process',
        'send a message with send() and handle the reply as an event',
      )
    else if (key === 'after')
      d.error(
        'unsupported-after',
        [...at, key],
        'delayed transitions are not supported',
        'use scheduleTimeout(name, ms) and handle `timeout.<name>`',
      )
    else if (key === 'always')
      d.error(
        'unsupported-always',
        [...at, key],
        'eventless transitions are not supported',
        'move the guard onto the transition that enters this state',
      )
    else if (key === 'onDone')
      d.error(
        'unsupported-nested-final',
        [...at, key],
        'onDone is not supported',
        'transition directly on the event that finishes the child',
      )
    else d.error('unsupported-key', [...at, key], `'${key}' is not supported by the afk compiler`)
  }
  const children = s.states && typeof s.states === 'object' ? Object.keys(s.states) : []
  let kind: IrNode['kind'] = children.length ? 'compound' : 'atomic'
  if (s.type === 'parallel')
    d.error(
      'unsupported-parallel',
      [...at, 'type'],
      'parallel states are not supported',
      'model concurrent flows as pending orders in one state, or as separate agents',
    )
  else if (s.type === 'history')
    d.error('unsupported-history', [...at, 'type'], 'history states are not supported')
  else if (s.type === 'final') {
    kind = 'final'
    if (parent !== '') d.error('unsupported-nested-final', at, 'only top-level final states are supported')
    if (s.on && Object.keys(s.on).length)
      d.error(
        'invalid-machine',
        [...at, 'on'],
        'a final state cannot have transitions',
        'remove them: a done agent ignores every event',
      )
  }
  if (path === '' && s.exit !== undefined)
    d.error('unsupported-key', [...at, 'exit'], 'the root cannot have exit actions')
  if (kind === 'compound' && (typeof s.initial !== 'string' || !children.includes(s.initial)))
    d.error(
      'invalid-machine',
      [...at, 'initial'],
      `compound state needs an initial child (one of ${children.join(', ')})`,
      `add { initial: '${children[0]}' }`,
    )
  const node: IrNode = {
    path,
    parent,
    order: c.nodes.length,
    kind,
    ...(kind === 'compound' ? { initial: s.initial } : {}),
    entry: [],
    exit: [],
    on: [],
  }
  c.nodes.push(node)
  node.entry = actionList(s.entry, [...at, 'entry'], { ...c.scopeBase, event: null }, c)
  node.exit = actionList(s.exit, [...at, 'exit'], { ...c.scopeBase, event: null }, c)
  for (const [evt, raw] of Object.entries(s.on ?? {})) {
    const evAt = [...at, 'on', evt]
    if (evt.includes('*')) {
      d.error('unsupported-wildcard', evAt, 'wildcard events are not supported', 'list the events explicitly')
      continue
    }
    let fields = c.events[evt]
    if (!fields && evt.startsWith('timeout.') && TIMEOUT_NAME.test(evt.slice(8))) fields = { name: 'str' }
    if (!fields) {
      d.error(
        'unknown-event',
        evAt,
        `'${evt}' is not an event afk produces`,
        `events: ${Object.keys(c.events).join(', ')}, timeout.<name>`,
      )
      continue
    }
    const list = Array.isArray(raw) ? raw : [raw]
    const ts: IrTransition[] = []
    list.forEach((r, i) => {
      const tAt = Array.isArray(raw) ? [...evAt, String(i)] : evAt
      const t = transition(r as string | TransitionSpec, evt, tAt, { ...c.scopeBase, event: fields }, c)
      if (t) {
        ts.push(t.t)
        if (t.raw !== undefined)
          c.pending.push({ t: t.t, raw: t.raw, source: path, path: [...tAt, 'target'] })
      }
    })
    node.on.push([evt, ts])
  }
  for (const k of children)
    walkState((s.states as Record<string, StateSpec>)[k], join(path, k), path, [...at, 'states', k], c)
}

function transition(r: string | TransitionSpec, evt: string, at: string[], scope: TypeScope, c: WalkCtx) {
  const { d } = c
  if (typeof r === 'string') return { t: { event: evt, reenter: false, actions: [] } as IrTransition, raw: r }
  if (typeof r === 'function') {
    d.error('inline-function-action', at, 'a transition cannot be a function')
    return undefined
  }
  if (typeof r !== 'object' || r === null) {
    d.error('invalid-machine', at, 'a transition must be a target string or an object')
    return undefined
  }
  for (const k of Object.keys(r)) {
    if (!['target', 'guard', 'actions', 'reenter', 'description'].includes(k))
      d.error('unsupported-key', [...at, k], `'${k}' is not supported on transitions`)
  }
  const t: IrTransition = {
    event: evt,
    reenter: r.reenter === true,
    actions: actionList(r.actions, [...at, 'actions'], scope, c),
  }
  if (r.guard !== undefined) {
    if (typeof r.guard === 'function')
      d.error(
        'inline-function-guard',
        [...at, 'guard'],
        'inline guard functions cannot be compiled to Lua',
        'write the condition with the DSL, e.g. guard: ge(bal("quote"), p.amount)',
      )
    else if (
      typeof r.guard === 'string' ||
      (typeof r.guard === 'object' && r.guard !== null && !isExpr(r.guard))
    )
      d.error(
        'invalid-expression',
        [...at, 'guard'],
        'named/xstate guards cannot be compiled',
        'use an afk boolean expression',
      )
    else {
      const g =
        typeof r.guard === 'boolean'
          ? ({ k: 'lit', t: 'bool', v: r.guard } as ExprNode)
          : (r.guard as ExprNode)
      const ty = typeOf(g, scope, d, [...at, 'guard'])
      if (ty && ty !== 'bool')
        d.error('type-mismatch', [...at, 'guard'], `a guard must be boolean, got ${ty}`)
      t.guard = g
    }
  }
  if (r.target !== undefined && typeof r.target !== 'string') {
    d.error('unsupported-target', [...at, 'target'], 'only a single string target is supported')
    return { t }
  }
  return { t, raw: r.target }
}

function actionList(raw: unknown, at: string[], scope: TypeScope, c: WalkCtx): IrAction[] {
  if (raw === undefined) return []
  const list = Array.isArray(raw) ? raw : [raw]
  const out: IrAction[] = []
  list.forEach((a, i) => {
    const aAt = Array.isArray(raw) ? [...at, String(i)] : at
    const ir = action(a, aAt, scope, c)
    if (ir) out.push(ir)
  })
  return out
}

function action(a: unknown, at: string[], scope: TypeScope, c: WalkCtx): IrAction | undefined {
  const { d } = c
  if (typeof a === 'function') {
    d.error(
      'inline-function-action',
      at,
      'inline action functions cannot be compiled to Lua',
      'use assign(), send(), swap(), … from the strategy DSL',
    )
    return undefined
  }
  if (typeof a === 'string') {
    d.error(
      'unknown-action',
      at,
      `named action '${a}' is not an afk primitive`,
      'use the action builders from the strategy DSL',
    )
    return undefined
  }
  const spec = a as ActionSpec & { type?: string }
  if (typeof spec?.afk !== 'string') {
    const type = String(spec?.type ?? '')
    if (type.includes('spawn'))
      d.error(
        'unsupported-spawn',
        at,
        'spawning child actors is not supported',
        'spawn processes from the CLI, or message an existing process',
      )
    else
      d.error(
        'unknown-action',
        at,
        `xstate action '${type || typeof a}' cannot be compiled`,
        'use the action builders from the strategy DSL',
      )
    return undefined
  }
  const prim = ACTION_PRIMITIVES[spec.afk]
  if (!prim) {
    d.error('unknown-action', at, `unknown primitive '${spec.afk}'`)
    return undefined
  }
  if (prim.loop) return loopAction(prim.name, spec, at, scope, c)
  const names = Object.keys(spec.args ?? {}).sort()
  const args: Array<[string, ExprNode]> = []
  const types: Record<string, TypeTag> = {}
  for (const n of names) {
    const e = spec.args[n]
    const ty = typeOf(e, scope, d, [...at, n])
    args.push([n, e])
    if (!ty) continue
    if (isCollection(ty)) {
      d.error(
        'type-mismatch',
        [...at, n],
        `${prim.name}(${n}) takes a value, not a ${ty}`,
        ty === 'ring'
          ? 'change a ring buffer with push()'
          : ty === 'map'
            ? 'change a map with set()'
            : undefined,
      )
      continue
    }
    types[n] = ty
    if (prim.args === 'dynamic') continue
    const want = prim.args[n]
    if (!want)
      d.error(
        'invalid-action-args',
        [...at, n],
        `${prim.name}() takes no argument '${n}'`,
        `arguments: ${Object.keys(prim.args).join(', ')}`,
      )
    else if (want.replace('?', '') !== ty)
      d.error('type-mismatch', [...at, n], `${prim.name}(${n}) must be ${want.replace('?', '')}, got ${ty}`)
  }
  if (prim.args !== 'dynamic')
    for (const [n, want] of Object.entries(prim.args))
      if (!want.endsWith('?') && !(n in (spec.args ?? {})))
        d.error('invalid-action-args', at, `${prim.name}() needs '${n}'`)
  const checked = prim.check?.({
    name: prim.name,
    at,
    supplied: names,
    types,
    static: spec.static,
    context: scope.context,
    ringCapacity: (field) => c.rings[field],
    declaredReplies: c.declaredReplies,
    error: (code, path, message, hint) => d.error(code, [...path], message, hint),
    warn: (code, path, message, hint) => d.warn(code, [...path], message, hint),
  })
  if (checked === null) return undefined
  const st = checked ?? spec.static
  for (const s of prim.statics ?? []) {
    const v = st?.[s]
    if (typeof v !== 'string' || !TIMEOUT_NAME.test(v))
      d.error('invalid-action-args', at, `${prim.name}() needs a '${s}' made of letters, digits, - and _`)
  }
  return st ? { name: prim.name, args, static: { ...st } } : { name: prim.name, args }
}

/** A loop primitive: a bounded list to loop over, and the body's actions checked with the item and index in scope. */
function loopAction(
  name: string,
  spec: ActionSpec,
  at: string[],
  scope: TypeScope,
  c: WalkCtx,
): IrAction | undefined {
  const list = spec.args?.list
  const depth = Number(spec.static?.depth)
  const item = loopItem(list, scope, c.d, [...at, 'list'])
  if (!Number.isSafeInteger(depth) || depth < 1) {
    c.d.error('invalid-action-args', at, `${name}() was not built by the DSL (no loop depth)`)
    return undefined
  }
  const loops = [...(scope.loops ?? []).slice(0, depth - 1)]
  loops[depth - 1] = item ?? 'int'
  const body = actionList(spec.body ?? [], [...at, 'body'], { ...scope, loops }, c)
  if (item === undefined) return undefined
  const env: ExprNode = { k: 'env' }
  const batchOf = ACTION_PRIMITIVES[name].batchOf
  if (batchOf !== undefined) return batchAction(spec, batchOf, at, scope, c, list as ExprNode, depth, body)
  return {
    name,
    args: [
      ['env', env],
      ['list', list as ExprNode],
    ],
    static: { depth: String(depth) },
    body,
  }
}

/**
 * quoteAll/swapAll: a loop over a list param (not a ring) whose body is the one indexed quote or swap the DSL built,
 * plus a positive timeout (checked again at run time).
 */
function batchAction(
  spec: ActionSpec,
  inner: string,
  at: string[],
  scope: TypeScope,
  c: WalkCtx,
  list: ExprNode,
  depth: number,
  body: IrAction[],
): IrAction | undefined {
  if (typeOf(list, scope, c.d, [...at, 'list']) !== 'list') {
    c.d.error(
      'type-mismatch',
      [...at, 'list'],
      `${spec.afk}() runs over a list param`,
      `${spec.afk}(p.assets, (a, i) => ({ … }), { timeoutMs })`,
    )
    return undefined
  }
  if (body.length !== 1 || body[0].name !== inner || !body[0].args.some(([k]) => k === 'index')) {
    c.d.error(
      'invalid-action-args',
      [...at, 'body'],
      `${spec.afk}() was not built by the DSL (its body must be one indexed ${inner})`,
      `use ${spec.afk}(list, (item, i) => ({ … }), { timeoutMs })`,
    )
    return undefined
  }
  const after = spec.args?.after
  const t = after === undefined ? undefined : typeOf(after, scope, c.d, [...at, 'timeoutMs'])
  if (t !== 'int') {
    c.d.error(
      'invalid-action-args',
      [...at, 'timeoutMs'],
      `${spec.afk}() needs an integer timeoutMs`,
      'every batch completes: pass { timeoutMs: 60_000 } or a param',
    )
    return undefined
  }
  if (after!.k === 'lit' && BigInt(after!.v as string) <= 0n)
    c.d.error('invalid-action-args', [...at, 'timeoutMs'], `${spec.afk}() timeoutMs must be positive`)
  return {
    name: spec.afk,
    args: [
      ['after', after as ExprNode],
      ['env', { k: 'env' }],
      ['list', list],
    ],
    static: { depth: String(depth) },
    body,
  }
}

/** xstate resolves 'x' as a sibling of the source and '.x' as a child; '#id' targets are not supported. */
function resolveTargets(c: WalkCtx): void {
  const byPath = new Map(c.nodes.map((n) => [n.path, n]))
  for (const { t, raw, source, path } of c.pending) {
    if (raw.startsWith('#')) {
      c.d.error(
        'unsupported-target',
        path,
        `'${raw}': id targets are not supported`,
        'target a sibling by key or a child with a leading dot',
      )
      continue
    }
    const parent = byPath.get(source)?.parent
    const abs = raw.startsWith('.')
      ? join(source, raw.slice(1))
      : parent === null
        ? undefined
        : join(parent ?? '', raw)
    if (abs === undefined || !byPath.has(abs)) {
      c.d.error('unknown-target', path, `no state '${raw}' next to '${source || '(root)'}'`)
      continue
    }
    t.target = abs
  }
}
