import type { HandleResult } from '../../src/ao/message.ts'
import type { AgentEngine } from '../../src/engine/types.ts'

/** Passes messages through and keeps the last result, so Agent-Error texts can be compared too. */
export class Recording implements AgentEngine {
  last?: HandleResult
  constructor(readonly inner: AgentEngine) {}
  get kind() {
    return this.inner.kind
  }
  get id() {
    return this.inner.id
  }
  async handle(msg: Parameters<AgentEngine['handle']>[0]) {
    this.last = await this.inner.handle(msg)
    return this.last
  }
  statusJson() {
    return this.inner.statusJson()
  }
  snapshot() {
    return this.inner.snapshot()
  }
  stateValue() {
    return this.inner.stateValue()
  }
}

/** The `Error` tag values of a result's messages (an `Agent-Error`'s text). */
export const errorTexts = (r?: HandleResult) =>
  (r?.Messages ?? []).flatMap((m) => m.Tags.filter((t) => t.name === 'Error').map((t) => t.value))
