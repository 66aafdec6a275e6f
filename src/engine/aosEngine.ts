import { AosProcess, stripAnsi } from '../ao/AosProcess.ts'
import { makeId } from '../ao/ids.ts'
import type { AoMessage, HandleResult, Tag } from '../ao/message.ts'
import type { AgentEngine, AgentSnapshot } from './types.ts'

/** Lua that returns the agent's Status document without sending anything (read with an owner Eval). */
export const STATUS_LUA =
  'return require("afk.json").encode((function() local d = require("afk.runtime").snapshot(AfkState); d.meta = AFK_DEF.meta; return d end)())'

export interface AosEngineParameters {
  lua: string
  id: string
  owner: string
  timestamp: number
  blockHeight: number
  spawnTags: Tag[]
  authorities?: string[]
  /** a user's own aos wasm instead of the production module */
  wasm?: string
  /** the Lua was compiled immutable: Status is read with a dry-run (an Eval would be refused) */
  immutable?: boolean
}

/** The compiled Lua agent running on the aos wasm, loaded with an Eval from the owner right after spawn. */
export class AosEngine implements AgentEngine {
  readonly kind = 'lua' as const
  readonly id: string
  private evalOwner: string
  private constructor(
    readonly process: AosProcess,
    owner: string,
    private readonly immutable = false,
  ) {
    this.id = process.id
    this.evalOwner = owner
  }

  static async create(
    p: AosEngineParameters,
  ): Promise<{ engine: AosEngine; bootMessages: HandleResult['Messages'] }> {
    const { process } = await AosProcess.spawn({
      id: p.id,
      owner: p.owner,
      tags: p.spawnTags,
      timestamp: p.timestamp,
      blockHeight: p.blockHeight,
      authorities: p.authorities,
      wasm: p.wasm,
    })
    const res = await process.handle({
      Id: makeId(`${p.id}:afk-load`),
      Owner: p.owner,
      From: p.owner,
      Target: p.id,
      Data: p.lua,
      Tags: [{ name: 'Action', value: 'Eval' }],
      Timestamp: p.timestamp,
      'Block-Height': p.blockHeight,
      Cron: false,
    })
    if (res.Error !== undefined)
      throw new Error(`compiled agent failed to load in aos: ${stripAnsi(res.Error)}`)
    return { engine: new AosEngine(process, p.owner, p.immutable === true), bootMessages: res.Messages }
  }

  handle(msg: AoMessage): Promise<HandleResult> {
    return this.process.handle(msg)
  }

  /**
   * Reads the Status document with an Eval from aos's Owner that only encodes state: it sends nothing (aos's send
   * counter is untouched) and costs no heap copy. After a `Transfer-Ownership` the agent's Owner has moved, so the
   * new owner is learned from a dry-run Status and used from then on.
   */
  async statusJson(): Promise<string> {
    this.reads++
    if (!this.immutable) {
      const out = await this.process.eval(STATUS_LUA, {
        id: makeId(`${this.id}:status:${this.reads}`),
        timestamp: 0,
        blockHeight: 0,
        from: this.evalOwner,
      })
      if (out.startsWith('{')) return out
    }
    const r = await this.process.dryrun({
      Id: makeId(`${this.id}:status-dry:${this.reads}`),
      Owner: this.evalOwner,
      From: this.evalOwner,
      Target: this.id,
      Data: '',
      Tags: [{ name: 'Action', value: 'Status' }],
      Timestamp: 0,
      'Block-Height': 0,
      Cron: false,
      'Read-Only': true,
    })
    const reply = r.Messages.find((m) =>
      m.Tags.some((t) => t.name === 'Action' && t.value === 'Status-Response'),
    )
    if (!reply)
      throw new Error(`agent ${this.id} did not answer Status: ${r.Error ? stripAnsi(r.Error) : 'no reply'}`)
    this.evalOwner = JSON.parse(reply.Data).owner
    return reply.Data
  }

  private reads = 0

  /**
   * The state value only: the agent's state changes only when it evaluates a message, so the last answer is reused
   * until then; otherwise one small Eval (no Status document encoded). Falls back to Status after an ownership move.
   */
  async stateValue(): Promise<string> {
    if (this.valueCache && this.valueCache.at === this.process.evaluated) return this.valueCache.value
    this.reads++
    const out = await this.process.eval('return "afk:" .. tostring(AfkState.value)', {
      id: makeId(`${this.id}:value:${this.reads}`),
      timestamp: 0,
      blockHeight: 0,
      from: this.evalOwner,
    })
    const value = out.startsWith('afk:') ? out.slice(4) : (await this.snapshot()).value
    this.valueCache = { at: this.process.evaluated, value }
    return value
  }

  private valueCache: { at: number; value: string } | undefined

  async snapshot(): Promise<AgentSnapshot> {
    return JSON.parse(await this.statusJson())
  }
}
