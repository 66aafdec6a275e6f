import v8 from 'node:v8'

let enabled = false

/**
 * The production aos module is wasm64. Node 20 needs `--experimental-wasm-memory64`; setting the V8 flag at
 * runtime before the first compile works too, so every entry point (tests, CLI, workers) gets it from here.
 */
export function enableMemory64(): void {
  if (enabled) return
  v8.setFlagsFromString('--experimental-wasm-memory64')
  enabled = true
}
