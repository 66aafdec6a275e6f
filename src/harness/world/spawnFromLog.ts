import { AosProcess } from '../../ao/AosProcess.ts'
import { makeId } from '../../ao/ids.ts'
import type { Tag } from '../../ao/message.ts'
import { tagValue } from '../../ao/message.ts'
import { BacktestConfigError } from '../../errors/harness.ts'
import type { LogHeader } from '../log/schema.ts'

/** Tags `AosProcess.spawn` adds itself; taken out of recorded spawn tags so they are not duplicated. */
const ADDED_BY_SPAWN = new Set(['Data-Protocol', 'Variant', 'Type', 'Module', 'Authority'])

export interface SpawnAosParameters {
  id: string
  owner: string
  /** spawn tags as recorded or chosen (Name, Cron-Interval, Cron-Tag-*, Authority, On-Boot, anything else) */
  tags: Tag[]
  data?: string
  timestamp: number
  blockHeight: number
  /** Lua evaluated from the owner right after the spawn (skipped when the spawn boots itself, `On-Boot`) */
  source?: string
  /** authorities besides the `Authority` tags (e.g. the simulator's MU) */
  authorities?: string[]
}

/**
 * Spawns any aos process on the production module from its spawn tags and Lua source — ours or third-party (a DEX
 * pool's published code, an agent written by hand). `Authority` tags are honoured; `Data-Protocol`, `Variant`,
 * `Type` and `Module` are set by the spawn itself.
 */
export async function spawnAos(p: SpawnAosParameters): Promise<AosProcess> {
  const authorities = [
    ...new Set([
      ...p.tags.filter((t) => t.name === 'Authority').flatMap((t) => t.value.split(',')),
      ...(p.authorities ?? []),
    ]),
  ]
    .map((a) => a.trim())
    .filter(Boolean)
  const { process } = await AosProcess.spawn({
    id: p.id,
    owner: p.owner,
    tags: p.tags.filter((t) => !ADDED_BY_SPAWN.has(t.name)),
    data: p.data,
    timestamp: p.timestamp,
    blockHeight: p.blockHeight,
    authorities,
  })
  if (p.source && tagValue(p.tags, 'On-Boot') === undefined)
    await process.eval(p.source, {
      id: makeId(`${p.id}:boot`),
      timestamp: p.timestamp,
      blockHeight: p.blockHeight,
    })
  return process
}

export interface SpawnFromLogParameters {
  header: LogHeader
  /** Lua source evaluated (from the owner) right after the spawn, unless the spawn boots itself (`On-Boot=Data`). */
  source?: string
  /** spawn under another id (e.g. a shadow copy); defaults to the recorded process id */
  id?: string
  /** extra authorities besides the recorded ones (e.g. the simulator's MU) */
  authorities?: string[]
}

/**
 * Re-creates any recorded aos process on the production module from its spawn item: same id, owner, tags
 * (Cron-*, Authority, Token-A, …), data, timestamp and height. Its code comes from the spawn data (`On-Boot=Data`)
 * or from `source` — which is how third-party Lua (e.g. a DEX pool's published source) is replayed.
 */
export async function spawnFromLog(p: SpawnFromLogParameters): Promise<AosProcess> {
  const proc = p.header.process
  if (!proc)
    throw new BacktestConfigError(`The log for ${p.header.processId} has no spawn item`, [
      'Record it from nonce -1 (afk record --from-nonce -1) or add a "process" field to the header line.',
    ])
  return spawnAos({
    id: p.id ?? proc.process_id,
    owner: proc.owner.address,
    tags: proc.tags,
    data: proc.data,
    timestamp: proc.timestamp,
    blockHeight: proc.block,
    source: p.source,
    authorities: p.authorities,
  })
}
