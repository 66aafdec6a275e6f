import { Worker } from 'node:worker_threads'
import type { MachineGraph } from '../compiler/machineGraph.ts'
import { BaseError } from '../errors/BaseError.ts'

/** A compiled agent that cannot be loaded into aos (a Lua error, or it does not finish in time). */
export class LuaLoadError extends BaseError {
  override name = 'LuaLoadError'
  constructor(file: string, reason: string) {
    super(`Cannot load ${file} into aos: ${reason}.`, {
      metaMessages: ['Recompile it with `afk compile` (a truncated or edited file fails here).'],
    })
  }
}

/**
 * `readLuaGraph` in a worker thread with a time limit: a file whose Lua loops forever cannot hang `afk inspect` or
 * `afk check --lua` (the wasm call is synchronous, so only terminating its thread stops it).
 */
export async function readLuaGraphBounded(
  file: string,
  lua: string,
  o: { wasm?: string; timeoutMs?: number } = {},
): Promise<{ graph: MachineGraph; status: string }> {
  const timeoutMs = o.timeoutMs ?? 30_000
  const worker = new Worker(new URL('./luaGraphWorkerEntry.mjs', import.meta.url), {
    workerData: { lua, wasm: o.wasm },
  })
  try {
    return await new Promise((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            new LuaLoadError(
              file,
              `it did not finish loading within ${timeoutMs / 1000} s (an endless loop?)`,
            ),
          ),
        timeoutMs,
      )
      worker.once('message', (m: { ok: boolean; result?: never; message?: string }) => {
        clearTimeout(timer)
        if (m.ok) resolve(m.result as never)
        else reject(new LuaLoadError(file, (m.message ?? 'unknown error').split('\n')[0].slice(0, 300)))
      })
      worker.once('error', (e) => {
        clearTimeout(timer)
        reject(new LuaLoadError(file, String((e as Error).message).split('\n')[0]))
      })
      worker.once('exit', (code) => {
        clearTimeout(timer)
        reject(new LuaLoadError(file, `the loader stopped (exit ${code})`))
      })
    })
  } finally {
    await worker.terminate()
  }
}
