import type { AoMessage, HandleResult } from '../../ao/message.ts'
import { tagValue } from '../../ao/message.ts'
import type { AgentEngine, AgentSnapshot } from '../../engine/types.ts'
import { EngineDivergenceError } from '../../errors/harness.ts'

const canon = (v: unknown) => JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? String(x) : x))

/** What must be identical between engines: error or not, and every outbox message (target, tags, data). */
function outcome(r: HandleResult): string {
  return canon({
    error: r.Error !== undefined,
    messages: r.Messages.map((m) => ({
      target: m.Target,
      tags: m.Tags.map((t) => ({ name: t.name, value: t.value })),
      data: m.Data ?? '',
    })),
  })
}

function describe(m: AoMessage): string {
  const action = tagValue(m.Tags, 'Action') ?? (m.Cron ? 'cron' : '(no Action)')
  return `${action} from ${m.From} at ${m.Timestamp}${m.Nonce !== undefined ? `, nonce ${m.Nonce}` : ''}`
}

/**
 * `--engine both`: every message goes to the TS engine and to the compiled Lua on aos; their outboxes and snapshots
 * must match after each one. The first difference stops the run with both sides printed. The world sees the Lua
 * engine's result (the artifact that would be deployed).
 */
export class DualEngine implements AgentEngine {
  readonly kind = 'lua' as const
  readonly id: string
  private step = 0
  private readonly recent: string[] = []

  constructor(
    readonly ts: AgentEngine,
    readonly lua: AgentEngine,
  ) {
    this.id = lua.id
  }

  async handle(msg: AoMessage): Promise<HandleResult> {
    this.step++
    const [a, b] = [await this.ts.handle(msg), await this.lua.handle(msg)]
    const label = describe(msg)
    this.recent.push(`#${this.step} ${label}`)
    if (this.recent.length > 5) this.recent.shift()
    const oa = outcome(a)
    const ob = outcome(b)
    if (oa !== ob) this.diverged(label, 'outbox', oa, ob, a.Error ?? b.Error)
    const [sa, sb] = [await this.ts.statusJson(), await this.lua.statusJson()]
    if (sa !== sb) this.diverged(label, 'state', sa, sb)
    return b
  }

  snapshot(): Promise<AgentSnapshot> {
    return this.lua.snapshot()
  }

  statusJson(): Promise<string> {
    return this.lua.statusJson()
  }

  private diverged(label: string, what: string, ts: string, lua: string, error?: string): never {
    throw new EngineDivergenceError({
      step: this.step,
      message: label,
      trace: [
        `Differs in: ${what}`,
        `TS:  ${ts}`,
        `Lua: ${lua}`,
        ...(error ? [`Error: ${error}`] : []),
        'Last messages:',
        ...this.recent.map((r) => `  ${r}`),
      ],
    })
  }
}
