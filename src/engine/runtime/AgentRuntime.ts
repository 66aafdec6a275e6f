import type { AnyMachineSnapshot } from 'xstate'
import { aosSend } from '../../ao/aosMessage.ts'
import type { AoMessage, OutboxMessage, Tag } from '../../ao/message.ts'
import { haltSkipLog, wireText } from '../../protocols/agentWire.ts'
import { byteOrder } from '../../protocols/stableJson.ts'
import { type ExprEnv, type ExprNode, evalExpr, type Value } from '../../strategy/expr.ts'
import { AgentRuntimeError, checkInt } from '../../strategy/int.ts'
import type { IrAction, StrategyIR } from '../../strategy/ir.ts'
import { ACTION_PRIMITIVES } from '../../strategy/primitives/registry.ts'
import { start, step, toXstate, valuePath, type XstateMachine } from '../../strategy/toXstate.ts'
import { completeBatches } from './batch.ts'
import { clonePlain } from './clonePlain.ts'
import { ACTION_RUNS, EVENT_MATCHERS, TIMER_EVENTS } from './primitives/registry.ts'
import { newRiskState } from './risk.ts'
import { startSync } from './sync.ts'
import { tokenId, tokenNames } from './tokens.ts'
import type { AgentEvent, AgentState, MsgView, Rt } from './types.ts'
import { viewMessage } from './view.ts'

const QUOTE_TTL = 86_400_000n
const ORDER_TTL = 604_800_000n
/** how many handled message ids are remembered (twin of SEEN_CAP in runtime.lua) */
const SEEN_CAP = 1000

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
    this.x = toXstate(ir, (g) => this.guard(g))
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
      orders: {},
      timers: {},
      balances: Object.fromEntries(tokenNames(this.ir, this.ir.params).map((t) => [t, 0n])),
      seq: 0n,
      lastTick: null,
      lastNow: timestamp,
      immutable,
      syncs: {},
      paramsRev: 0n,
      settled: [],
      aoRef,
      ...(this.ir.risk ? { risk: newRiskState() } : {}),
    }
    this.state = S
    const rt = this.rt({ From: owner, TagArray: [] }, timestamp)
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
  handle(msg: AoMessage): StepOutcome {
    const view = viewMessage(msg)
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
    let due: Array<{ name: string; at: bigint }>
    let event: AgentEvent | 'handled' | null = null
    try {
      rt.now = this.trustedNow(view)
      this.state.lastNow = rt.now
      this.expireOrders(rt)
      due = this.dueTimers(rt.now)
      for (const ev of EVENT_MATCHERS) {
        event = ev.match(rt, view)
        if (event !== null) break
      }
    } catch (err) {
      return this.fail(before, view, err)
    }
    const mid = this.checkpoint(rt)
    try {
      rt.raised = []
      for (const t of due) {
        if (this.state.timers[t.name] !== t.at) continue
        delete this.state.timers[t.name]
        // a primitive's own timer (`<prefix>.<name>`, e.g. an ask's deadline) raises that primitive's event
        const hook = TIMER_EVENTS[/^([^.]+)\./.exec(t.name)?.[1] ?? '']
        const ev = hook ? hook(rt, t.name) : { type: `timeout.${t.name}`, f: { name: t.name } }
        if (ev !== null) this.dispatchRaising(rt, ev)
      }
      if (event !== null && event !== 'handled') this.dispatchRaising(rt, event)
      completeBatches(rt, (e) => this.dispatchRaising(rt, e))
    } catch (err) {
      const out = this.fail(mid, view, err)
      return { ...out, messages: [...mid.out, ...out.messages], logs: mid.logs }
    }
    return { messages: rt.out, logs: rt.logs }
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

  private checkpoint(rt?: Rt) {
    return {
      state: clonePlain(this.state),
      snapshot: this.snapshot,
      out: rt ? [...rt.out] : [],
      logs: rt ? [...rt.logs] : [],
    }
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
    const resync: string[] = []
    for (const [name, s] of Object.entries(S.syncs))
      if (BigInt(s.sentAt) + QUOTE_TTL < rt.now) delete S.syncs[name]
    for (const [id, o] of Object.entries(S.orders)) {
      const ttl = o.kind === 'quote' ? QUOTE_TTL : ORDER_TTL
      if (BigInt(o.sentAt) + ttl < rt.now) {
        delete S.orders[id]
        if (o.kind !== 'quote' && o.tokenParam) resync.push(o.tokenParam)
      }
    }
    for (const name of [...new Set(resync)].sort(byteOrder)) startSync(rt, name)
  }

  /** Timers due when the message arrived, in (deadline, name) order; ones scheduled meanwhile wait. */
  private dueTimers(now: bigint): Array<{ name: string; at: bigint }> {
    return Object.entries(this.state.timers)
      .filter(([, at]) => at <= now)
      .map(([name, at]) => ({ name, at }))
      .sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : byteOrder(a.name, b.name)))
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
    const { snapshot, actions } = step(this.x, this.snapshot, { type: event.type })
    this.env = null
    if (this.guardError !== undefined) throw this.guardError
    this.snapshot = snapshot
    for (const a of actions) this.runAction(rt, event, a)
    S.value = valuePath(snapshot.value)
    if (snapshot.status === 'done') S.done = true
  }

  /** xstate wraps errors thrown by guards; keep ours (with its code) and rethrow it after `transition()`. */
  private guardError: unknown = undefined

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
      tokenName: (id: string) => rt.tokenParam(id),
    }
  }

  private runAction(rt: Rt, event: AgentEvent | null, a: IrAction): void {
    if (rt.skipWhileHalted(a.name)) return
    const env = this.makeEnv(rt, event)
    const args: Record<string, Value> = {}
    for (const [k, e] of a.args) args[k] = evalExpr(e, env)
    ACTION_RUNS[a.name](rt, args, a)
    this.stats.actions.set(a.name, (this.stats.actions.get(a.name) ?? 0) + 1)
  }

  private rt(view: Record<string, unknown> & { TagArray: Tag[] }, now: bigint): Rt {
    const S = this.state
    const self = this
    const rt: Rt = {
      get S() {
        return self.state
      },
      ir: this.ir,
      meta: this.meta,
      msg: view,
      now,
      selfId: this.selfId,
      out: [],
      logs: [],
      send(target, tags, data = '') {
        const st = self.state
        st.aoRef += 1
        const ref = String(st.aoRef)
        rt.out.push(aosSend(st.aoRef, target, tags, data))
        return ref
      },
      skipWhileHalted(action) {
        if (!self.state.halted || !ACTION_PRIMITIVES[action].halts) return false
        rt.logs.push(haltSkipLog(action))
        return true
      },
      nextOrderId() {
        self.state.seq = checkInt(self.state.seq + 1n)
        return `afk-${self.state.seq}`
      },
      runBody(action, args) {
        ACTION_RUNS[action.name](rt, args, action)
      },
      tokenParam(id) {
        for (const name of tokenNames(self.ir, self.state.params))
          if (tokenId(self.ir, self.state.params, name) === id) return name
        return undefined
      },
    }
    void S
    return rt
  }
}
