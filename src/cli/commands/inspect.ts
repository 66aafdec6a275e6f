import type { Command } from 'commander'
import { readHeader } from '../../engine/readLuaGraph.ts'
import { readLuaGraphBounded } from '../../engine/readLuaGraphBounded.ts'
import { BaseError } from '../../errors/BaseError.ts'
import { readCompiledLua } from '../readCompiledLua.ts'

export function seconds(v: string): number {
  const n = Number(v)
  if (!/^\d+(\.\d+)?$/.test(v) || n <= 0)
    throw new BaseError(`--timeout must be a positive number of seconds, got "${v}"`)
  return n
}

export function register(program: Command): void {
  program
    .command('inspect')
    .description('load a compiled agent into aos and print its header, states and initial Status')
    .argument('<file>', 'compiled Lua, e.g. build/dca.lua')
    .option('--wasm <file>', 'aos wasm to load it into (default: the production module)')
    .option('--timeout <seconds>', 'give up loading after this many seconds', '30')
    .action(async (file, o) => {
      const lua = readCompiledLua(file)
      const header = readHeader(lua) as NonNullable<ReturnType<typeof readHeader>>
      process.stdout.write(`afk ${header.afkVersion}  strategy ${header.strategy}\n`)
      process.stdout.write(`strategy-hash ${header.strategyHash}\nparams-hash   ${header.paramsHash}\n`)
      process.stdout.write(`modules       ${header.modules.join(' ')}\n`)
      const { graph, status } = await readLuaGraphBounded(file, lua, {
        wasm: o.wasm,
        timeoutMs: seconds(o.timeout) * 1000,
      })
      process.stdout.write('states:\n')
      for (const n of graph.nodes) {
        if (n.path === '') continue
        const depth = n.path.split('.').length
        process.stdout.write(
          `${'  '.repeat(depth)}${n.path.split('.').pop()} (${n.kind}${n.initial ? `, initial ${n.initial}` : ''})\n`,
        )
        for (const t of graph.transitions.filter((t) => t.source === n.path))
          process.stdout.write(
            `${'  '.repeat(depth + 1)}${t.event}${t.guarded ? ' [guard]' : ''} -> ${t.target ?? '(stay)'}${t.actions.length ? ` / ${t.actions.join(', ')}` : ''}\n`,
          )
      }
      for (const t of graph.transitions.filter((t) => t.source === ''))
        process.stdout.write(
          `  (any) ${t.event}${t.guarded ? ' [guard]' : ''} -> ${t.target ?? '(stay)'}${t.actions.length ? ` / ${t.actions.join(', ')}` : ''}\n`,
        )
      process.stdout.write(`initial status: ${status}\n`)
    })
}
