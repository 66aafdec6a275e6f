import { LEGACY_AUTHORITY } from '../../src/ao/constants.ts'
import { makeId } from '../../src/ao/ids.ts'
import { compileOrThrow } from '../../src/compiler/compile.ts'
import { AosEngine } from '../../src/engine/aosEngine.ts'
import { spawnTags } from '../../src/engine/createEngine.ts'
import { DualEngine } from '../../src/engine/DualEngine.ts'
import { normalizeStep } from '../../src/engine/normalizeTrace.ts'
import { TsEngine } from '../../src/engine/tsEngine.ts'
import type { Strategy } from '../../src/strategy/defineStrategy.ts'
import { Stimulus } from './stimulus.ts'

export const START = 1_750_000_000_000

/**
 * One compiled agent on both engines. The aos instance is booted once; `fresh()` restores its post-boot heap and
 * builds a new TS engine, so each differential case starts from the same state cheaply.
 */
export async function createPair(
  strategy: Strategy,
  params: Record<string, unknown>,
  ids: { base: string; quote: string; pool: string },
) {
  const agent = makeId(`agent:${strategy.config.id}`)
  const owner = makeId('owner-wallet')
  const c = compileOrThrow(strategy, params)
  const meta = {
    id: c.ir.id,
    afkVersion: c.manifest.afkVersion,
    strategyHash: c.manifest.strategyHash,
    paramsHash: c.manifest.paramsHash,
  }
  const { engine: lua, bootMessages } = await AosEngine.create({
    lua: c.lua,
    id: agent,
    owner,
    timestamp: START,
    blockHeight: 1000,
    spawnTags: spawnTags(c.ir),
  })
  const postBoot = lua.process.snapshot()
  const newTs = () =>
    new TsEngine({ ir: c.ir, meta, id: agent, owner, timestamp: START, authorities: [LEGACY_AUTHORITY] })
  const bootTs = newTs().bootMessages
  const bootEqual =
    JSON.stringify(normalizeStep({ Messages: bootTs, Spawns: [], Assignments: [], Output: '' })) ===
    JSON.stringify(normalizeStep({ Messages: bootMessages, Spawns: [], Assignments: [], Output: '' }))
  return {
    agent,
    owner,
    compiled: c,
    bootEqual,
    fresh() {
      lua.process.loadState(postBoot)
      const ts = newTs()
      const dual = new DualEngine(ts, lua)
      const stim = new Stimulus(agent, owner, { base: ids.base, quote: ids.quote }, ids.pool, START)
      return { dual, ts, lua, stim }
    },
  }
}

/**
 * A dual engine on `lua` (usually a deliberately drifted copy of `c.lua`) against the TS engine of the same compiled
 * artifact: planted-drift tests use it to show that the comparison catches a Lua twin that disagrees.
 */
export async function dualWithLua(
  c: ReturnType<typeof compileOrThrow>,
  lua: string,
  agent: string,
  owner: string,
): Promise<DualEngine> {
  const { engine } = await AosEngine.create({
    lua,
    id: agent,
    owner,
    timestamp: START,
    blockHeight: 1000,
    spawnTags: spawnTags(c.ir),
  })
  const meta = {
    id: c.ir.id,
    afkVersion: c.manifest.afkVersion,
    strategyHash: c.manifest.strategyHash,
    paramsHash: c.manifest.paramsHash,
  }
  const ts = new TsEngine({
    ir: c.ir,
    meta,
    id: agent,
    owner,
    timestamp: START,
    authorities: [LEGACY_AUTHORITY],
  })
  return new DualEngine(ts, engine)
}
