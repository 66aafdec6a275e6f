import { AosProcess } from '../ao/AosProcess.ts'
import { makeId } from '../ao/ids.ts'
import { DUMP_MACHINE_LUA, type MachineGraph, sortGraph } from '../compiler/machineGraph.ts'
import { STATUS_LUA } from './aosEngine.ts'

export interface LuaHeader {
  afkVersion: string
  strategy: string
  strategyHash: string
  paramsHash: string
  modules: string[]
}

/** Parses the `-- afk …` header lines of a compiled agent. */
export function readHeader(lua: string): LuaHeader | undefined {
  const m1 = /^-- afk (\S+) \| strategy (\S+)$/m.exec(lua)
  const m2 = /^-- strategy-hash: sha256:([0-9a-f]{64})$/m.exec(lua)
  const m3 = /^-- params-hash: sha256:([0-9a-f]{64})$/m.exec(lua)
  const m4 = /^-- modules: (.*)$/m.exec(lua)
  if (!m1 || !m2 || !m3 || !m4) return undefined
  return {
    afkVersion: m1[1],
    strategy: m1[2],
    strategyHash: m2[1],
    paramsHash: m3[1],
    modules: m4[1].split(' '),
  }
}

/**
 * Loads a compiled agent into a fresh aos process and reads its machine table back, so what will run on AO can be
 * checked against the TS definition (and `afk inspect` shows the real thing, not a re-parse of the text).
 */
export async function readLuaGraph(
  lua: string,
  wasm?: string,
): Promise<{ graph: MachineGraph; status: string }> {
  const id = makeId('afk-inspect')
  const owner = makeId('afk-inspect-owner')
  const { process } = await AosProcess.spawn({ id, owner, timestamp: 1, blockHeight: 1, wasm })
  await process.eval(lua, { id: makeId('inspect-load'), timestamp: 2, blockHeight: 1 })
  const graph = JSON.parse(
    await process.eval(DUMP_MACHINE_LUA, { id: makeId('inspect-dump'), timestamp: 3, blockHeight: 1 }),
  )
  const status = await process.eval(STATUS_LUA, {
    id: makeId('inspect-status'),
    timestamp: 4,
    blockHeight: 1,
  })
  return { graph: sortGraph(graph), status }
}
