import type { Command } from 'commander'
import { connectNetwork } from '../../deploy/connection.ts'
import { Keeper, type KeptAgent } from '../../deploy/keeper.ts'
import { findDeployment, readManifest } from '../../deploy/manifest.ts'
import { checkNodes } from '../../deploy/network.ts'
import { UsageError } from '../../errors/deploy.ts'
import { addContextOptions, type ContextOptions, networkOf, timeoutOf, walletOf } from '../deployContext.ts'
import { oneLine } from '../oneLine.ts'

/** Builds the keeper for `names` (default: every deployment in the manifest), signing with the keeper wallet. */
export async function keeperFor(names: string[], o: ContextOptions): Promise<Keeper> {
  const deployments = names.length
    ? names.map((n) => findDeployment(o.manifest, n))
    : Object.values(readManifest(o.manifest).deployments)
  if (!deployments.length) throw new UsageError(`No deployments in ${o.manifest} to keep.`)
  const agents: KeptAgent[] = []
  const checked = new Set<string>()
  for (const d of deployments) {
    if (!d.processId) throw new UsageError(`"${d.name}" was never spawned; re-run afk deploy first.`)
    const network = networkOf(d.network, o)
    if (!checked.has(network.name)) {
      await checkNodes(network, timeoutOf(o))
      checked.add(network.name)
    }
    agents.push({ deployment: d, conn: connectNetwork(network, walletOf(network, o)) })
  }
  return new Keeper({
    agents,
    log: (a) => process.stdout.write(`${new Date().toISOString()} ${a.name} ${a.action}: ${a.detail}\n`),
  })
}

export function register(program: Command): void {
  addContextOptions(
    program
      .command('keeper')
      .description(
        'keep agents alive with node-cron: re-monitor, check last ticks, and send keeper ticks where params allow this wallet',
      )
      .argument('[names...]', 'deployment names (default: all in the manifest)')
      .option('--schedule <cron>', 'node-cron expression for the passes (seconds allowed)', '*/30 * * * * *')
      .option('--once', 'run one pass and exit'),
  ).action(
    oneLine(async (names: string[], o: ContextOptions & { schedule: string; once?: boolean }) => {
      const keeper = await keeperFor(names, o)
      if (o.once) {
        await keeper.runOnce()
        return
      }
      keeper.start(o.schedule)
      process.stdout.write(`${new Date().toISOString()} keeper started (${o.schedule}); Ctrl-C stops\n`)
      await new Promise<void>((done) => {
        process.once('SIGINT', () => done())
        process.once('SIGTERM', () => done())
      })
      await keeper.stop()
      process.stdout.write(`${new Date().toISOString()} keeper stopped\n`)
    }),
  )
}
