import { LEGACY_AUTHORITY } from '../../src/ao/constants.ts'
import type { compileOrThrow } from '../../src/compiler/compile.ts'
import { AosEngine } from '../../src/engine/aosEngine.ts'
import { spawnTags } from '../../src/engine/createEngine.ts'
import { TsEngine } from '../../src/engine/tsEngine.ts'
import { spawnReferenceProcess } from '../../src/processes/referenceProcess.ts'

type Compiled = ReturnType<typeof compileOrThrow>

/**
 * A compiled agent over one of our Botega pools: the base and quote tokens and the pool (0.25 % fee) spawned on aos
 * at `timestamp` by `owner`, the agent's Lua on aos, and a factory for its TS twin with the same compile metadata.
 */
export async function agentOnPair(
  c: Compiled,
  o: {
    ids: { base: string; quote: string; pool: string; agent: string; owner: string }
    timestamp: number
    names?: { base: [string, string]; quote: [string, string] }
    immutable?: boolean
  },
) {
  const { ids, timestamp } = o
  const names = o.names ?? { base: ['Base', 'BASE'], quote: ['Quote', 'QUOTE'] }
  const meta = {
    id: c.ir.id,
    afkVersion: c.manifest.afkVersion,
    strategyHash: c.manifest.strategyHash,
    paramsHash: c.manifest.paramsHash,
  }
  const at0 = { owner: ids.owner, timestamp, blockHeight: 1000 }
  const token = (id: string, [Name, Ticker]: [string, string]) =>
    spawnReferenceProcess('token', { ...at0, id, tags: { Name, Ticker } })
  const procs = {
    base: await token(ids.base, names.base),
    quote: await token(ids.quote, names.quote),
    pool: await spawnReferenceProcess('botega_pool', {
      ...at0,
      id: ids.pool,
      tags: { 'Token-A': ids.base, 'Token-B': ids.quote, 'Fee-Bps': '25' },
    }),
  }
  const agentTags = spawnTags(c.ir)
  const { engine: lua } = await AosEngine.create({
    lua: c.lua,
    id: ids.agent,
    owner: ids.owner,
    timestamp,
    blockHeight: 1000,
    spawnTags: agentTags,
    ...(o.immutable !== undefined ? { immutable: o.immutable } : {}),
  })
  const newTs = () =>
    new TsEngine({
      ir: c.ir,
      meta,
      id: ids.agent,
      owner: ids.owner,
      timestamp,
      authorities: [LEGACY_AUTHORITY],
      ...(o.immutable !== undefined ? { immutable: o.immutable } : {}),
    })
  return { meta, procs, agentTags, lua, newTs }
}
