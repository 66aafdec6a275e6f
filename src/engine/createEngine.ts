import { LEGACY_AUTHORITY } from '../ao/constants.ts'
import type { Tag } from '../ao/message.ts'
import { compileOrThrow } from '../compiler/compile.ts'
import type { Strategy } from '../strategy/defineStrategy.ts'
import type { StrategyIR } from '../strategy/ir.ts'
import { AosEngine } from './aosEngine.ts'
import { TsEngine } from './tsEngine.ts'
import type { AgentEngine } from './types.ts'

export interface CreateEngineParameters {
  kind: 'ts' | 'lua'
  strategy: Strategy
  params: unknown
  id: string
  owner: string
  /** spawn (and load) time, ms */
  timestamp: number
  blockHeight: number
  authorities?: string[]
  wasm?: string
  /** compile in immutable mode: every Eval is refused after boot */
  immutable?: boolean
}

/** Spawn tags of an agent process: its name and cron (CU ticks arrive with `Cron=true`). */
export function spawnTags(ir: Pick<StrategyIR, 'id' | 'cron'>): Tag[] {
  const tags: Tag[] = [
    { name: 'Name', value: `afk-${ir.id}` },
    { name: 'App-Name', value: 'afk' },
  ]
  if (ir.cron) {
    tags.push({ name: 'Cron-Interval', value: ir.cron.interval })
    for (const [k, v] of Object.entries(ir.cron.tags)) tags.push({ name: `Cron-Tag-${k}`, value: v })
  }
  return tags
}

export interface CreatedEngine {
  engine: AgentEngine
  /** messages the agent sent while booting (initial entry actions) */
  bootMessages: import('../ao/message.ts').OutboxMessage[]
  spawnTags: Tag[]
  lua: string
  ir: StrategyIR
}

/** Compiles the strategy and starts it on the chosen engine. Both engines start from the same compiled artifact. */
export async function createEngine(p: CreateEngineParameters): Promise<CreatedEngine> {
  const c = compileOrThrow(p.strategy, p.params, { immutable: p.immutable })
  const tags = spawnTags(c.ir)
  const authorities = p.authorities ?? [LEGACY_AUTHORITY]
  if (p.kind === 'ts') {
    const meta = {
      id: c.ir.id,
      afkVersion: c.manifest.afkVersion,
      strategyHash: c.manifest.strategyHash,
      paramsHash: c.manifest.paramsHash,
    }
    const engine = new TsEngine({
      ir: c.ir,
      meta,
      id: p.id,
      owner: p.owner,
      timestamp: p.timestamp,
      authorities,
      immutable: p.immutable,
    })
    return { engine, bootMessages: engine.bootMessages, spawnTags: tags, lua: c.lua, ir: c.ir }
  }
  const { engine, bootMessages } = await AosEngine.create({
    lua: c.lua,
    id: p.id,
    owner: p.owner,
    timestamp: p.timestamp,
    blockHeight: p.blockHeight,
    spawnTags: tags,
    authorities,
    wasm: p.wasm,
    immutable: p.immutable,
  })
  return { engine, bootMessages, spawnTags: tags, lua: c.lua, ir: c.ir }
}

/** `--engine both`: TS and Lua in lockstep, failing on the first divergence. */
export async function createDualEngine(p: Omit<CreateEngineParameters, 'kind'>): Promise<CreatedEngine> {
  const [ts, lua] = [await createEngine({ ...p, kind: 'ts' }), await createEngine({ ...p, kind: 'lua' })]
  const { DualEngine } = await import('./DualEngine.ts')
  return { ...lua, engine: new DualEngine(ts.engine, lua.engine) }
}
