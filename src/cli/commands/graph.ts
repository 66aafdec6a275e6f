import type { Command } from 'commander'
import { CompileError } from '../../compiler/diagnostics.ts'
import { fromDefinition } from '../../compiler/fromDefinition.ts'
import { graphOfIr } from '../../compiler/machineGraph.ts'
import { toMermaid } from '../../compiler/mermaid.ts'
import { loadStrategy } from '../../engine/loadStrategy.ts'
import { loadParams } from '../loadParams.ts'

export function register(program: Command): void {
  program
    .command('graph')
    .description('draw a strategy machine (Mermaid, or JSON)')
    .argument('<strategy>', 'strategy module')
    .option('-p, --params <json|file>', 'params')
    .option('--mermaid', 'print a Mermaid stateDiagram-v2 (default)')
    .option('--json', 'print the machine graph as JSON on stdout')
    .action(async (path, o) => {
      const { ir, diagnostics } = fromDefinition(await loadStrategy(path), loadParams(o.params))
      if (!ir) throw new CompileError(diagnostics.list)
      process.stdout.write(o.json ? `${JSON.stringify(graphOfIr(ir), null, 2)}\n` : toMermaid(ir))
    })
}
