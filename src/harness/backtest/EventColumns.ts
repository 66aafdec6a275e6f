import type { AgentEvent } from '../report/types.ts'
import { arrayView } from './arrayView.ts'

/**
 * The agent's state changes in columns: the time as a float64 and `from`, `to` and `cause` as indices into a table
 * of the distinct strings (a few states and actions), ~20 bytes a change instead of an object. Read back through
 * `view` (`arrayView`), which makes each `AgentEvent` on demand.
 */
export class EventColumns {
  private t = new Float64Array(1024)
  private codes = new Uint32Array(3 * 1024)
  private n = 0
  private readonly strings: string[] = []
  private readonly code = new Map<string, number>()
  readonly view: AgentEvent[] = arrayView(
    () => this.n,
    (i) => ({
      t: this.t[i],
      from: this.strings[this.codes[3 * i]],
      to: this.strings[this.codes[3 * i + 1]],
      cause: this.strings[this.codes[3 * i + 2]],
    }),
  )

  private intern(s: string): number {
    let c = this.code.get(s)
    if (c === undefined) {
      c = this.strings.length
      this.strings.push(s)
      this.code.set(s, c)
    }
    return c
  }

  push(e: AgentEvent): void {
    if (this.n === this.t.length) {
      const t = new Float64Array(this.t.length * 2)
      t.set(this.t)
      this.t = t
      const codes = new Uint32Array(this.codes.length * 2)
      codes.set(this.codes)
      this.codes = codes
    }
    this.t[this.n] = e.t
    this.codes.set([this.intern(e.from), this.intern(e.to), this.intern(e.cause)], 3 * this.n)
    this.n++
  }
}
