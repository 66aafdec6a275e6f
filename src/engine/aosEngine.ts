import { AosProcess, stripAnsi } from '../ao/AosProcess.ts'
import { makeId } from '../ao/ids.ts'
import type { AoMessage, HandleResult, Tag } from '../ao/message.ts'
import type { AgentEngine, AgentSnapshot } from './types.ts'

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
}

/** The compiled Lua agent running on the aos wasm, loaded with an Eval from the owner right after spawn. */
export class AosEngine implements AgentEngine {
  readonly kind = 'lua' as const
  readonly id: string
  private constructor(
    readonly process: AosProcess,
    private readonly owner: string,
  ) {
    this.id = process.id
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
    return { engine: new AosEngine(process, p.owner), bootMessages: res.Messages }
  }

  handle(msg: AoMessage): Promise<HandleResult> {
    return this.process.handle(msg)
  }

  /**
   * Reads the Status document with an owner Eval that only encodes state: it sends nothing (so aos's send counter
   * is untouched) and changes nothing, without the cost of a dry-run's full heap copy.
   */
  async statusJson(): Promise<string> {
    this.reads++
    return this.process.eval(
      'return require("afk.json").encode((function() local d = require("afk.runtime").snapshot(AfkState); d.meta = AFK_DEF.meta; return d end)())',
      { id: makeId(`${this.id}:status:${this.reads}`), timestamp: 0, blockHeight: 0 },
    )
  }

  private reads = 0

  async snapshot(): Promise<AgentSnapshot> {
    return JSON.parse(await this.statusJson())
  }
}
