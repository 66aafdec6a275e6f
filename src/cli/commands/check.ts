import { isDeepStrictEqual } from 'node:util'
import type { Command } from 'commander'
import { analyze } from '../../compiler/analyze.ts'
import { formatDiagnostic } from '../../compiler/diagnostics.ts'
import { fromDefinition } from '../../compiler/fromDefinition.ts'
import { graphOfIr } from '../../compiler/machineGraph.ts'
import { loadStrategy } from '../../engine/loadStrategy.ts'
import { readLuaGraphBounded } from '../../engine/readLuaGraphBounded.ts'
import { ExitError } from '../ExitError.ts'
import { loadParams } from '../loadParams.ts'
import { readCompiledLua } from '../readCompiledLua.ts'

export interface CheckOptions {
  strategy: string
  params?: string
  lua?: string
  strict?: boolean
}

/** `afk check`: compiler diagnostics plus the FSM spec checks; with --lua, verifies the compiled table is the same graph. */
export async function checkCommand(o: CheckOptions): Promise<{ errors: number; warnings: number }> {
  const strategy = await loadStrategy(o.strategy)
  const { ir, diagnostics } = fromDefinition(strategy, loadParams(o.params))
  let errors = 0
  let warnings = 0
  for (const d of diagnostics.list) {
    process.stdout.write(`${formatDiagnostic(d)}\n`)
    if (d.severity === 'error') errors++
    else warnings++
  }
  if (ir) {
    for (const f of analyze(ir)) {
      process.stdout.write(
        `${f.severity} ${f.code}${f.state ? ` at ${f.state}` : ''}: ${f.message}${f.hint ? `\n  hint: ${f.hint}` : ''}\n`,
      )
      if (f.severity === 'error') errors++
      else if (f.severity === 'warning') warnings++
    }
    if (o.lua) {
      const { graph } = await readLuaGraphBounded(o.lua, readCompiledLua(o.lua))
      if (isDeepStrictEqual(graph, graphOfIr(ir)))
        process.stdout.write(`ok: ${o.lua} has the same machine graph as ${o.strategy}\n`)
      else {
        process.stdout.write(
          `error lua-graph-mismatch: ${o.lua} does not implement the machine in ${o.strategy}\n`,
        )
        errors++
      }
    }
  }
  process.stdout.write(`${errors} error(s), ${warnings} warning(s)\n`)
  if (errors || (o.strict && warnings)) throw new ExitError(1)
  return { errors, warnings }
}

export function register(program: Command): void {
  program
    .command('check')
    .description(
      'machine-checked strategy spec: unreachable states, unhandled replies/events, finals, timeouts',
    )
    .argument('<strategy>', 'strategy module')
    .option('-p, --params <json|file>', 'params (defaults are used where the schema has them)')
    .option('--lua <file>', 'also check that this compiled Lua has the same state graph')
    .option('--strict', 'fail on warnings too')
    .action((strategy, opts) => checkCommand({ strategy, ...opts }).then(() => undefined))
}
