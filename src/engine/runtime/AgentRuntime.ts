import type { AnyMachineSnapshot } from 'xstate'
import { aosSend } from '../../ao/aosMessage.ts'
import type { AoMessage, OutboxMessage, Tag } from '../../ao/message.ts'
import { AgentRuntimeError } from '../../errors/agent.ts'
import { haltSkipLog, wireText } from '../../protocols/agentWire.ts'
import { byteOrder } from '../../protocols/stableJson.ts'
import type { ExprNode, Value } from '../../strategy/expr.ts'
import { checkInt } from '../../strategy/int.ts'
import type { IrAction, StrategyIR } from '../../strategy/ir.ts'
import { ACTION_PRIMITIVES } from '../../strategy/primitives/registry.ts'
import { completeBatches } from './batch.ts'
import { copyState, dictionary } from './copyState.ts'
import { type CompiledExpr, compileExpr, type ExprEnv, evalExpr } from './evalExpr.ts'
import { ACTION_RUNS, EVENT_MATCHERS, TIMER_EVENTS } from './primitives/registry.ts'
import { newRiskState } from './risk.ts'
import { startSync } from './sync.ts'
import { tokenId, tokenNames } from './tokens.ts'
import { advance, sharedXstate, start, valuePath, type XstateMachine } from './toXstate.ts'
import type { AgentEvent, AgentState, MsgView, Order, Rt } from './types.ts'
import { viewMessage } from './view.ts'

const QUOTE_TTL = 86_400_000n
const ORDER_TTL = 604_800_000n
/** how many handled message ids are remembered (twin of SEEN_CAP in runtime.lua) */
const SEEN_CAP = 1000

/** (deadline, name) order of due timers */
function byDeadline(a: { name: string; at: bigint }, b: { name: string; at: bigint }): number {
  return a.at < b.at ? -1 : a.at > b.at ? 1 : byteOrder(a.name, b.name)
}

export interface StepOutcome {
  messages: OutboxMessage[]
  logs: string[]
  error?: { code: string; message: string }
}

/**
 * The TS reference engine's core, twin of lua/agent/runtime.lua: same state, same event classification order, same
 * action semantics, with xstate `transition()` choosing transitions and action order. Time comes only from messages.
 */
export class AgentRuntime {
  readonly ir: StrategyIR
  readonly meta: Record<string, string>
  readonly selfId: string
  state!: AgentState
  private snapshot!: AnyMachineSnapshot
  private readonly x: XstateMachine
  private env: ExprEnv | null = null
  /** how often each machine event was dispatched and each action primitive ran (coverage for tests and reports) */
  readonly stats = { events: new Map<string, number>(), actions: new Map<string, number>() }

  constructor(ir: StrategyIR, meta: Record<string, string>, selfId: string) {
    this.ir = ir
    this.meta = meta
    this.selfId = selfId
    this.x = sharedXstate(ir, this.guardFn)
  }

  /** Initializes state and runs the initial entry actions, as R.boot does when the file is loaded. */
  boot(owner: string, timestamp: bigint, aoRef: number, immutable = false): StepOutcome {
    const S: AgentState = {
      value: '',
      done: false,
      context: { ...this.ir.context },
      params: { ...this.ir.params },
      owner,
      paused: false,
      halted: false,
      // keyed by order ids, a new one every few messages: a dictionary, not a hidden class per id (see copyState.ts)
      orders: dictionary<Order>(),
      timers: {},
      balances: Object.fromEntries(tokenNames(this.ir, this.ir.params).map((t) => [t, 0n])),
      seq: 0n,
      lastTick: null,
      lastNow: timestamp,
      immutable,
      syncs: dictionary<Order>(),
      paramsRev: 0n,
      settled: [],
      aoRef,
      ...(this.ir.risk ? { risk: newRiskState() } : {}),
    }
    this.state = S
    const rt = this.rt({ From: owner, TagArray: [] }, timestamp)
    this.x.guard = this.guardFn
    const { snapshot, actions } = start(this.x)
    this.snapshot = snapshot
    for (const a of actions) this.runAction(rt, null, a)
    S.value = valuePath(snapshot.value)
    S.done = snapshot.status === 'done'
    return { messages: rt.out, logs: rt.logs }
  }

  /**
   * Handles one message in two phases, as runtime.lua does: the runtime's books (clock, expiry, classification), then
   * the strategy (due timeouts, the event). An error in a phase undoes that phase only and answers Agent-Error.
   */
  handle(msg: AoMessage, view: MsgView = viewMessage(msg)): StepOutcome {
    if (this.seenBefore(view.Id)) return { messages: [], logs: [] }
    // every Eval reaching the agent is refused: a stranger's is dropped, the owner's only in immutable mode
    if (view.Action === 'Eval') {
      const rt = this.rt(view, 0n)
      if (this.state.immutable && view.From === this.state.owner)
        rt.send(String(view.From), [
          { name: 'Action', value: 'Agent-Error' },
          { name: 'Code', value: 'IMMUTABLE' },
          { name: 'Error', value: wireText('immutable') },
          { name: 'Request-Id', value: String(view.Id ?? '') },
          { name: 'X-Reference', value: String(view.Reference ?? '') },
        ])
      return { messages: rt.out, logs: [] }
    }
    const before = this.checkpoint()
    const rt = this.rt(view, 0n)
    let books: { due: Array<{ name: string; at: bigint }>; event: AgentEvent | 'handled' | null }
    try {
      books = this.books(rt, view)
    } catch (err) {
      return this.fail(before, view, err)
    }
    try {
      rt.raised = []
      for (const t of books.due) {
        if (this.state.timers[t.name] !== t.at) continue
        delete this.state.timers[t.name]
        // a primitive's own timer (`<prefix>.<name>`, e.g. an ask's deadline) raises that primitive's event
        const hook = TIMER_EVENTS[/^([^.]+)\./.exec(t.name)?.[1] ?? '']
        const ev = hook ? hook(rt, t.name) : { type: `timeout.${t.name}`, f: { name: t.name } }
        if (ev !== null) this.dispatchRaising(rt, ev)
      }
      const { event } = books
      if (event !== null && event !== 'handled') this.dispatchRaising(rt, event)
      completeBatches(rt, (e) => this.dispatchRaising(rt, e))
    } catch (err) {
      // Back to the state after the books phase: the copy from before the message, then that phase once more. It is
      // a function of (state, message) alone, so it gives the same state, messages and logs again; this saves a
      // second copy of the state on every message, and only a failing message pays for it.
      this.state = before.state
      this.snapshot = before.snapshot
      const again = this.rt(view, 0n)
      this.books(again, view)
      const mid = { state: this.state, snapshot: before.snapshot, out: again.out, logs: again.logs }
      const out = this.fail(mid, view, err)
      return { ...out, messages: [...mid.out, ...out.messages], logs: mid.logs }
    }
    return { messages: rt.out, logs: rt.logs }
  }

  /** The runtime's books for a message (clock, expiry, timers due, classification); phase one of `handle`. */
  private books(rt: Rt, view: MsgView) {
    rt.now = this.trustedNow(view)
    this.state.lastNow = rt.now
    this.expireOrders(rt)
    const due = this.dueTimers(rt.now)
    let event: AgentEvent | 'handled' | null = null
    for (const ev of EVENT_MATCHERS) {
      event = ev.match(rt, view)
      if (event !== null) break
    }
    return { due, event }
  }

  /** Ids of handled messages, a ring of SEEN_CAP (twin of AfkSeen): a re-delivered message has no effect. */
  private readonly seen = { set: new Set<string>(), ring: [] as string[], pos: 0 }
  private seenBefore(id: unknown): boolean {
    if (typeof id !== 'string') return false
    const M = this.seen
    if (M.set.has(id)) return true
    M.pos = (M.pos % SEEN_CAP) + 1
    const old = M.ring[M.pos]
    if (old !== undefined) M.set.delete(old)
    M.ring[M.pos] = id
    M.set.add(id)
    return false
  }

  private checkpoint(): {
    state: AgentState
    snapshot: AnyMachineSnapshot
    out: OutboxMessage[]
    logs: string[]
  } {
    return { state: copyState(this.state), snapshot: this.snapshot, out: [], logs: [] }
  }

  private fail(cp: ReturnType<AgentRuntime['checkpoint']>, view: MsgView, err: unknown): StepOutcome {
    this.state = cp.state
    this.snapshot = cp.snapshot
    const code = err instanceof AgentRuntimeError ? err.code : 'INTERNAL'
    const message =
      err instanceof AgentRuntimeError ? err.shortMessage : String((err as Error)?.message ?? err)
    const erRt = this.rt(view, 0n)
    erRt.send(String(view.From), [
      { name: 'Action', value: 'Agent-Error' },
      { name: 'Code', value: code },
      { name: 'Error', value: message },
      { name: 'Request-Id', value: String(view.Id ?? '') },
      { name: 'X-Reference', value: String(view.Reference ?? '') },
    ])
    return { messages: erRt.out, logs: [], error: { code, message } }
  }

  private trustedNow(view: Record<string, unknown> & { TagArray: Tag[] }): bigint {
    if (view.TagArray.some((t) => t.name === 'Timestamp')) return this.state.lastNow ?? 0n
    const ts = view.Timestamp
    if (typeof ts !== 'number' || !Number.isSafeInteger(ts))
      throw new AgentRuntimeError('INVALID_COMMAND', 'message has no integer Timestamp')
    return BigInt(ts)
  }

  /** Twin of expire_orders: quotes expire after a day, other orders after a week (then the token is asked). */
  private expireOrders(rt: Rt): void {
    const S = this.state
    let resync: string[] | undefined
    for (const name in S.syncs)
      if (Object.hasOwn(S.syncs, name) && BigInt(S.syncs[name].sentAt) + QUOTE_TTL < rt.now)
        delete S.syncs[name]
    for (const id in S.orders) {
      if (!Object.hasOwn(S.orders, id)) continue
      const o = S.orders[id]
      const ttl = o.kind === 'quote' ? QUOTE_TTL : ORDER_TTL
      if (BigInt(o.sentAt) + ttl < rt.now) {
        delete S.orders[id]
        if (o.kind !== 'quote' && o.tokenParam) {
          resync ??= []
          resync.push(o.tokenParam)
        }
      }
    }
    if (resync) for (const name of [...new Set(resync)].sort(byteOrder)) startSync(rt, name)
  }

  /** Timers due when the message arrived, in (deadline, name) order; ones scheduled meanwhile wait. */
  private dueTimers(now: bigint): Array<{ name: string; at: bigint }> {
    const due: Array<{ name: string; at: bigint }> = []
    const timers = this.state.timers
    for (const name in timers)
      if (Object.hasOwn(timers, name) && timers[name] <= now) due.push({ name, at: timers[name] })
    return due.length < 2 ? due : due.sort(byDeadline)
  }

  /** Dispatches an event, then the events its actions raised (`order.refused`), in order; twin of R.dispatch_raising. */
  private dispatchRaising(rt: Rt, event: AgentEvent): void {
    this.dispatch(rt, event)
    const raised = rt.raised ?? []
    if (raised.length === 0) return
    // an order refused while handling a raised event is logged, never raised again: one level, always bounded
    rt.raised = null
    for (const e of raised) this.dispatch(rt, e)
    rt.raised = []
  }

  private dispatch(rt: Rt, event: AgentEvent): void {
    const S = this.state
    if (S.done) return
    this.stats.events.set(event.type, (this.stats.events.get(event.type) ?? 0) + 1)
    this.env = this.makeEnv(rt, event)
    this.guardError = undefined
    this.x.guard = this.guardFn
    const { snapshot, actions } = advance(this.x, this.snapshot, event.type)
    this.env = null
    if (this.guardError !== undefined) throw this.guardError
    this.snapshot = snapshot
    for (const a of actions) this.runAction(rt, event, a)
    S.value = valuePath(snapshot.value)
    if (snapshot.status === 'done') S.done = true
  }

  /** xstate wraps errors thrown by guards; keep ours (with its code) and rethrow it after `transition()`. */
  private guardError: unknown = undefined

  private readonly guardFn = (g: ExprNode) => this.guard(g)

  private guard(g: ExprNode): boolean {
    if (!this.env) throw new Error('afk: guard evaluated outside a dispatch')
    try {
      return evalExpr(g, this.env) === true
    } catch (e) {
      this.guardError ??= e
      return false
    }
  }

  private makeEnv(rt: Rt, event: AgentEvent | null): ExprEnv {
    const S = this.state
    return {
      params: S.params,
      context: S.context,
      event: event?.f ?? {},
      now: rt.now,
      self: this.selfId,
      owner: S.owner,
      balances: S.balances,
      gather: S.gather,
      tokenName: this.tokenParam,
    }
  }

  private runAction(rt: Rt, event: AgentEvent | null, a: IrAction): void {
    if (rt.skipWhileHalted(a.name)) return
    const env = this.makeEnv(rt, event)
    const args: Record<string, Value> = {}
    const fns = actionArgs(a)
    for (let i = 0; i < fns.length; i++) args[a.args[i][0]] = fns[i](env)
    ACTION_RUNS[a.name](rt, args, a)
    this.stats.actions.set(a.name, (this.stats.actions.get(a.name) ?? 0) + 1)
  }

  private rt(view: Record<string, unknown> & { TagArray: Tag[] }, now: bigint): Rt {
    return new MessageRt(this, view, now)
  }

  /** the token param whose process id is `id` (Rt.tokenParam, ExprEnv.tokenName): one function per runtime */
  readonly tokenParam = (id: unknown): string | undefined => {
    const params = this.state.params
    // params values are replaced, never changed in place (see copyState.ts): one id -> name map per params object
    if (this.tokenIndex?.params !== params) {
      const byId = new Map<string, string>()
      for (const name of tokenNames(this.ir, params)) {
        const tid = tokenId(this.ir, params, name)
        if (!byId.has(tid)) byId.set(tid, name) // the first name with that id, as the scan in order finds it
      }
      this.tokenIndex = { params, byId }
    }
    return typeof id === 'string' ? this.tokenIndex.byId.get(id) : undefined
  }
  private tokenIndex: { params: Record<string, Value>; byId: Map<string, string> } | undefined
}

/** each action's argument closures, in order (IR actions are never changed) */
const ACTION_ARGS = new WeakMap<IrAction, CompiledExpr[]>()
function actionArgs(a: IrAction): CompiledExpr[] {
  let fns = ACTION_ARGS.get(a)
  if (fns === undefined) {
    fns = a.args.map((arg) => compileExpr(arg[1]))
    ACTION_ARGS.set(a, fns)
  }
  return fns
}

/** What a primitive can do while one message is handled (a class: one allocation per message, no closures). */
class MessageRt implements Rt {
  readonly ir: StrategyIR
  readonly meta: Record<string, string>
  readonly selfId: string
  readonly out: OutboxMessage[] = []
  readonly logs: string[] = []
  raised?: AgentEvent[] | null
  readonly tokenParam: (id: unknown) => string | undefined
  constructor(
    private readonly runtime: AgentRuntime,
    readonly msg: MsgView,
    public now: bigint,
  ) {
    this.ir = runtime.ir
    this.meta = runtime.meta
    this.selfId = runtime.selfId
    this.tokenParam = runtime.tokenParam
  }

  get S(): AgentState {
    return this.runtime.state
  }

  send(target: string, tags: Tag[], data = ''): string {
    const st = this.runtime.state
    st.aoRef += 1
    this.out.push(aosSend(st.aoRef, target, tags, data))
    return String(st.aoRef)
  }

  skipWhileHalted(action: string): boolean {
    if (!this.runtime.state.halted || !ACTION_PRIMITIVES[action].halts) return false
    this.logs.push(haltSkipLog(action))
    return true
  }

  runBody(action: IrAction, args: Record<string, Value>): void {
    ACTION_RUNS[action.name](this, args, action)
  }

  nextOrderId(): string {
    const st = this.runtime.state
    st.seq = checkInt(st.seq + 1n)
    return `afk-${st.seq}`
  }
}
