import { rootTag } from '../../ao/aosMessage.ts'
import type { AgentEngine } from '../../engine/types.ts'
import type { AgentEvent } from '../report/types.ts'
import type { Evaluation } from '../world/World.ts'
import { EventColumns } from './EventColumns.ts'

/**
 * Records the agent's state value after every message it evaluates and keeps each change as an event: the state
 * timeline of the report and its event markers (rebalance, hedge or any other state an agent defines). The value is
 * the `Status` value, identical for the TS and Lua engines, so the events are too.
 */
export class StateTimeline {
  /** the state changes so far (with `packed`, a read-only view of `EventColumns`) */
  readonly events: AgentEvent[]
  private readonly list: AgentEvent[] | EventColumns
  private current: string | undefined

  constructor(
    private readonly agent: string,
    private readonly engine: AgentEngine,
    /** keep the changes in columns (`EventColumns`, ~20 bytes each), for long runs */
    packed = false,
  ) {
    const columns = packed ? new EventColumns() : undefined
    this.list = columns ?? []
    this.events = columns ? columns.view : (this.list as AgentEvent[])
  }

  /** The state at the agent's spawn (before its first message). */
  async start(): Promise<void> {
    this.current = await this.engine.stateValue()
  }

  get state(): string | undefined {
    return this.current
  }

  async observe(e: Evaluation): Promise<void> {
    if (e.process !== this.agent) return
    const value = await this.engine.stateValue()
    if (this.current === undefined) this.current = value
    if (value === this.current) return
    const cause = e.message.Cron ? 'Cron' : (rootTag(e.message, 'Action') ?? '(no Action)')
    this.list.push({ t: e.at, from: this.current, to: value, cause })
    this.current = value
  }
}
