import AoLoader from '@permaweb/ao-loader'
import { AOS_COMPUTE_LIMIT, AOS_MEMORY_LIMIT, LEGACY_AUTHORITY, MODULE_TAGS } from '../src/ao/constants.ts'
import { makeId } from '../src/ao/ids.ts'
import { loadAosModule } from '../src/ao/loadAosModule.ts'
import type { AoEnv, AoMessage, Tag } from '../src/ao/message.ts'

/**
 * A bare hot aos instance straight from @permaweb/ao-loader: the same production module, spawn message and Lua
 * (loaded with an owner Eval), memory kept inside the instance (`null` in, no copy out) and nothing else — no
 * rollback, no checkpoints, no harness. The floor an engine on this module can reach.
 */
export async function bareAos(p: {
  id: string
  owner: string
  lua: string
  tags?: Tag[]
}): Promise<{ handle: (m: AoMessage) => Promise<{ Error?: unknown; Messages?: unknown[] }> }> {
  const mod = await loadAosModule()
  const handle = await AoLoader(
    (info: WebAssembly.Imports, receive: (i: WebAssembly.Instance, m: WebAssembly.Module) => void) => {
      WebAssembly.instantiate(mod.compiled, info).then((inst) => receive(inst, mod.compiled))
      return {}
    },
    {
      format: mod.format,
      memoryLimit: AOS_MEMORY_LIMIT,
      computeLimit: AOS_COMPUTE_LIMIT,
      extensions: [],
      UNSAFE_MEMORY: true,
    } as never,
  )
  const processTags: Tag[] = [
    { name: 'Data-Protocol', value: 'ao' },
    { name: 'Variant', value: 'ao.TN.1' },
    { name: 'Type', value: 'Process' },
    { name: 'Module', value: mod.id },
    { name: 'Authority', value: LEGACY_AUTHORITY },
    ...(p.tags ?? []),
  ]
  const env: AoEnv = {
    Process: { Id: p.id, Owner: p.owner, Tags: processTags },
    Module: { Id: mod.id, Owner: p.owner, Tags: MODULE_TAGS },
  }
  const base = {
    Owner: p.owner,
    From: p.owner,
    Target: p.id,
    Timestamp: 1e12,
    'Block-Height': 1,
    Cron: false,
  }
  await handle(null, { ...base, Id: p.id, Module: mod.id, Data: '', Tags: processTags, Nonce: 0 }, env)
  const load = await handle(
    null,
    { ...base, Id: makeId(`${p.id}:load`), Data: p.lua, Tags: [{ name: 'Action', value: 'Eval' }] },
    env,
  )
  if (load.Error) throw new Error(`bare aos: the Lua did not load: ${load.Error}`)
  return { handle: (m) => handle(null, m, env) }
}

/** Lua whose one handler takes every message and does nothing: the cost of aos itself per message. */
export const EMPTY_HANDLER_LUA = "Handlers.add('afk-bench-empty', function() return true end, function() end)"
