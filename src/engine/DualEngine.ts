import { isDeepStrictEqual } from 'node:util'
import type { AoMessage, HandleResult } from '../ao/message.ts'
import { BaseError } from '../errors/BaseError.ts'
import { normalizeStep, type TraceStep } from './normalizeTrace.ts'
import type { AgentEngine, AgentSnapshot } from './types.ts'

export class DivergenceError extends BaseError {
  override name = 'DivergenceError'
}

function describe(msg: AoMessage): string {
  const tags = msg.Tags.map(
    (t) => `${t.name}=${t.value.length > 40 ? `${t.value.slice(0, 40)}…` : t.value}`,
  ).join(' ')
  return `#${msg.Nonce ?? '-'} t=${msg.Timestamp} from=${msg.From.slice(0, 8)}… cron=${msg.Cron} ${tags}`
}

/**
 * Runs the TS and Lua engines side by side on every message and fails on the first difference in outbound
 * messages, logs or Status document, with the last messages as a readable trace.
 */
export class DualEngine implements AgentEngine {
  readonly kind = 'lua' as const
  readonly id: string
  private readonly history: string[] = []
  steps = 0

  constructor(
    readonly ts: AgentEngine,
    readonly lua: AgentEngine,
    private readonly checkStateEvery = 1,
  ) {
    this.id = lua.id
  }

  async handle(msg: AoMessage): Promise<HandleResult> {
    const [a, b] = [await this.ts.handle(msg), await this.lua.handle(msg)]
    this.steps++
    this.history.push(describe(msg))
    if (this.history.length > 12) this.history.shift()
    const [na, nb] = [normalizeStep(a), normalizeStep(b)]
    if (!isDeepStrictEqual(na, nb)) this.fail('outbound messages differ', na, nb)
    if (this.steps % this.checkStateEvery === 0) {
      const [sa, sb] = [await this.ts.statusJson(), await this.lua.statusJson()]
      if (sa !== sb) this.fail('state differs', sa, sb)
    }
    return b
  }

  private fail(what: string, ts: TraceStep | string, lua: TraceStep | string): never {
    throw new DivergenceError(`TS and Lua engines diverged after message ${this.steps}: ${what}.`, {
      metaMessages: [
        'Last messages:',
        ...this.history.map((h) => `  ${h}`),
        `TS : ${typeof ts === 'string' ? ts : JSON.stringify(ts)}`,
        `Lua: ${typeof lua === 'string' ? lua : JSON.stringify(lua)}`,
      ],
    })
  }

  statusJson(): Promise<string> {
    return this.lua.statusJson()
  }

  snapshot(): Promise<AgentSnapshot> {
    return this.lua.snapshot()
  }

  stateValue(): Promise<string> {
    return this.lua.stateValue()
  }
}
