import { aosTrusts } from '../ao/aosMessage.ts'
import type { AoMessage, HandleResult } from '../ao/message.ts'
import { stableJson } from '../protocols/stableJson.ts'
import type { StrategyIR } from '../strategy/ir.ts'
import { AgentRuntime } from './runtime/AgentRuntime.ts'
import { snapshotState } from './runtime/snapshot.ts'
import { viewMessage } from './runtime/view.ts'
import type { AgentEngine, AgentSnapshot } from './types.ts'

export interface TsEngineParameters {
  ir: StrategyIR
  meta: Record<string, string>
  id: string
  owner: string
  /** timestamp of the message that loads the agent (boot) */
  timestamp: number
  authorities: string[]
  /** aos `ao.reference` before boot (0 on a fresh aos process) */
  aoReference?: number
  /** compiled in immutable mode (every Eval refused after boot) */
  immutable?: boolean
}

/**
 * The fast reference engine: xstate `transition()` plus the TS runtime, with aos's message-level behaviour in front
 * (trust gate, Eval passthrough) so it sees exactly what the Lua agent sees.
 */
export class TsEngine implements AgentEngine {
  readonly kind = 'ts' as const
  readonly id: string
  readonly runtime: AgentRuntime
  private readonly owner: string
  private readonly authorities: Set<string>

  constructor(p: TsEngineParameters) {
    this.id = p.id
    this.owner = p.owner
    this.authorities = new Set(p.authorities)
    this.runtime = new AgentRuntime(p.ir, p.meta, p.id)
    const boot = this.runtime.boot(p.owner, BigInt(p.timestamp), p.aoReference ?? 0, p.immutable === true)
    this.bootMessages = boot.messages
  }

  /** messages the initial entry actions sent while booting */
  readonly bootMessages: HandleResult['Messages']

  async handle(msg: AoMessage): Promise<HandleResult> {
    let view: ReturnType<typeof viewMessage>
    try {
      view = viewMessage(msg)
    } catch (e) {
      // aos fails the whole evaluation before any handler: no messages, state unchanged
      return { ...emptyResult(), Error: `malformed JSON Data: ${(e as Error).message}` }
    }
    // aos drops messages that are neither from their signer nor from an Authority
    if (!aosTrusts(msg, this.authorities)) return emptyResult()
    // a mutable agent's owner Eval runs in aos (Lua the TS engine cannot run); every other Eval reaches the agent
    const S = this.runtime.state
    if (view.Action === 'Eval' && !S.immutable && msg.From === S.owner) return emptyResult()
    const out = this.runtime.handle(msg, view)
    return { Messages: out.messages, Spawns: [], Assignments: [], Output: { data: out.logs.join('\n') } }
  }

  async statusJson(): Promise<string> {
    return stableJson({ ...snapshotState(this.runtime.state, this.runtime.ir), meta: this.runtime.meta })
  }

  async stateValue(): Promise<string> {
    return this.runtime.state.value
  }

  async snapshot(): Promise<AgentSnapshot> {
    return JSON.parse(await this.statusJson())
  }
}

/** What aos returns for a message no handler ran for (a fresh object per answer: callers may keep it). */
function emptyResult(): HandleResult {
  return { Messages: [], Spawns: [], Assignments: [], Output: { data: '' } }
}
