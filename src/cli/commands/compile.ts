import type { Command } from 'commander'
import { compile } from '../../compiler/compile.ts'
import { formatDiagnostic } from '../../compiler/diagnostics.ts'
import { loadStrategy } from '../../engine/loadStrategy.ts'
import { ExitError } from '../ExitError.ts'
import { loadParams } from '../loadParams.ts'
import { writeOutput } from '../output.ts'

export interface CompileOptions {
  strategy: string
  params?: string
  out?: string
  manifest?: boolean
  immutable?: boolean
}

/** `afk compile`: prints diagnostics (code, path, hint); writes the Lua only when there are no errors. */
export async function compileCommand(o: CompileOptions): Promise<void> {
  const strategy = await loadStrategy(o.strategy)
  const r = compile(strategy, loadParams(o.params), { immutable: o.immutable === true })
  for (const d of r.diagnostics) process.stderr.write(`${formatDiagnostic(d)}\n`)
  if (!r.lua) throw new ExitError(1)
  if (o.out) {
    writeOutput(o.out, r.lua)
    process.stderr.write(
      `wrote ${o.out} (${r.manifest!.bytes} bytes, strategy ${r.manifest!.strategyHash.slice(0, 12)}…)\n`,
    )
  } else process.stdout.write(r.lua)
  if (o.manifest) process.stderr.write(`${JSON.stringify(r.manifest, null, 2)}\n`)
}

export function register(program: Command): void {
  program
    .command('compile')
    .description('compile a strategy with concrete params into one self-contained aos Lua file')
    .argument('<strategy>', 'strategy module, e.g. agents/dca.ts')
    .option('-p, --params <json|file>', 'params as a JSON file or inline JSON')
    .option('-o, --out <file>', 'write the Lua here (default: stdout)')
    .option('--manifest', 'print the compile manifest')
    .option('--immutable', "the agent refuses every Eval after boot, even its owner's (shown in Status)")
    .action((strategy, opts) => compileCommand({ strategy, ...opts }))
}
