import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** Root of the Lua runtime that compiled agents link (`lua/agent`). */
export const LUA_AGENT_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'lua', 'agent')

/** Module name for a file under lua/agent: `events/credit.lua` → `afk.events.credit`. */
export function moduleName(file: string): string {
  return `afk.${file.replace(/\.lua$/, '').replace(/\//g, '.')}`
}

const cache = new Map<string, string>()
export function readModule(file: string): string {
  let src = cache.get(file)
  if (src === undefined) {
    src = readFileSync(join(LUA_AGENT_DIR, file), 'utf8')
    cache.set(file, src)
  }
  return src
}

/**
 * Links runtime modules into one chunk, in dependency order, each as `package.loaded[name] = (function() … end)()`
 * so `require` finds it without a file system.
 */
export function link(files: string[]): string {
  return files
    .map((f) => `package.loaded["${moduleName(f)}"] = (function()\n${readModule(f).trimEnd()}\nend)()`)
    .join('\n\n')
}
