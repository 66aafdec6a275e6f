import { existsSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { AosProcess, type AosSpawnParameters } from '../ao/AosProcess.ts'
import { makeId } from '../ao/ids.ts'
import type { Tag } from '../ao/message.ts'
import { ReferenceProcessError } from '../errors/protocol.ts'

/** Lua sources of our reference processes (`lua/processes/<name>.lua`). */
export const PROCESSES_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../lua/processes')

export const REFERENCE_PROCESSES = [
  'token',
  'botega_pool',
  'botega_factory',
  'permaswap_pool',
  'permaswap_settle',
  'signal',
] as const
export type ReferenceProcessName = (typeof REFERENCE_PROCESSES)[number]

const INCLUDE_RE = /^--#include (\S+)\s*$/gm

/**
 * Reads a process source and expands `--#include lib/x.lua` lines (one level, each file once), so a process is one
 * Lua chunk that can be Eval'd or used as `On-Boot` data.
 */
export function loadProcessSource(name: ReferenceProcessName | string, dir = PROCESSES_DIR): string {
  const file = join(dir, `${name}.lua`)
  if (!existsSync(file))
    throw new ReferenceProcessError(`Unknown reference process "${name}".`, {
      file,
      details: `Known: ${REFERENCE_PROCESSES.join(', ')}`,
    })
  const seen = new Set<string>()
  return readFileSync(file, 'utf8').replace(INCLUDE_RE, (_line, rel: string) => {
    const inc = join(dir, rel)
    if (seen.has(inc)) return `-- (already included ${rel})`
    seen.add(inc)
    if (!existsSync(inc)) throw new ReferenceProcessError(`Include "${rel}" not found.`, { file })
    return `-- begin ${rel}\n${readFileSync(inc, 'utf8')}\n-- end ${rel}`
  })
}

export type SpawnReferenceParameters = Omit<AosSpawnParameters, 'tags'> & {
  /** Process tags (Name, Ticker, Token-A, Fee-Bps, …). */
  tags?: Tag[] | Record<string, string>
}

/**
 * Spawn tags + Data that deploy a reference process in one message (aos boot loader, `On-Boot = Data`), for a devnet
 * or a live spawn: `{ tags: [...yourTags, ...boot.tags], data: boot.data }`.
 */
export function referenceBootSpawn(name: ReferenceProcessName): { tags: Tag[]; data: string } {
  return { tags: [{ name: 'On-Boot', value: 'Data' }], data: loadProcessSource(name) }
}

/** Spawns an aos process on the production module and Evals the reference source into it (from its owner). */
export async function spawnReferenceProcess(
  name: ReferenceProcessName,
  p: SpawnReferenceParameters,
): Promise<AosProcess> {
  const tags = Array.isArray(p.tags)
    ? p.tags
    : Object.entries(p.tags ?? {}).map(([n, value]) => ({ name: n, value }))
  const source = loadProcessSource(name)
  const { process } = await AosProcess.spawn({ ...p, tags })
  try {
    await process.eval(source, {
      id: makeId(`${p.id}:load:${name}`),
      timestamp: p.timestamp,
      blockHeight: p.blockHeight,
    })
  } catch (e) {
    throw new ReferenceProcessError(`Loading ${name}.lua into ${p.id} failed.`, {
      process: p.id,
      file: join(PROCESSES_DIR, `${name}.lua`),
      cause: e,
    })
  }
  return process
}
