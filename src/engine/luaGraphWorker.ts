import { parentPort, workerData } from 'node:worker_threads'
import { enableMemory64 } from '../ao/memory64.ts'
import { readLuaGraph } from './readLuaGraph.ts'

// Loads a compiled agent in this worker so the caller can stop it if the Lua never returns.
enableMemory64()
const { lua, wasm } = workerData as { lua: string; wasm?: string }
readLuaGraph(lua, wasm).then(
  (r) => parentPort?.postMessage({ ok: true, result: r }),
  (e) => parentPort?.postMessage({ ok: false, message: String((e as Error)?.message ?? e) }),
)
