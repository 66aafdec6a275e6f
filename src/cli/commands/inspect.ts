import { readFileSync } from 'node:fs'
import type { Command } from 'commander'
import { readHeader, readLuaGraph } from '../../engine/readLuaGraph.ts'
import { BaseError } from '../../errors/BaseError.ts'

export function register(program: Command): void {
  program
    .command('inspect')
    .description('load a compiled agent into aos and print its header, states and initial Status')
    .argument('<file>', 'compiled Lua, e.g. build/dca.lua')
    .option('--wasm <file>', 'aos wasm to load it into (default: the production module)')
    .action(async (file, o) => {
      const lua = readFileSync(file, 'utf8')
      const header = readHeader(lua)
      if (!header) throw new BaseError(`${file} is not an afk-compiled agent (no afk header).`)
      process.stdout.write(`afk ${header.afkVersion}  strategy ${header.strategy}\n`)
      process.stdout.write(`strategy-hash ${header.strategyHash}\nparams-hash   ${header.paramsHash}\n`)
      process.stdout.write(`modules       ${header.modules.join(' ')}\n`)
      const { graph, status } = await readLuaGraph(lua, o.wasm)
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
