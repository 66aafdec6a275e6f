import type { Command } from 'commander'
import { connectReadOnly } from '../../deploy/connection.ts'
import { type DashboardAgent, serveDashboard } from '../../deploy/dashboard.ts'
import { readManifest } from '../../deploy/manifest.ts'
import { UsageError } from '../../errors/deploy.ts'
import { addContextOptions, type ContextOptions, networkOf } from '../deployContext.ts'
import { oneLine } from '../oneLine.ts'

/** The manifest's agents with read-only connections (re-read on every refresh, so new deploys show up). */
export function dashboardAgents(o: ContextOptions): DashboardAgent[] {
  return Object.values(readManifest(o.manifest).deployments).map((d) => ({
    deployment: d,
    conn: connectReadOnly(networkOf(d.network, o), d.owner),
  }))
}

export function register(program: Command): void {
  addContextOptions(
    program
      .command('ui')
      .description('serve a read-only dashboard of the deployed agents on 127.0.0.1 (Ctrl-C stops)')
      .option('--port <n>', 'loopback port (0 = any free port)', '4100')
      .option('--refresh <ms>', 'how often the page re-reads the agents', '5000'),
  ).action(
    oneLine(async (o: ContextOptions & { port: string; refresh: string }) => {
      if (!/^\d+$/.test(o.port) || Number(o.port) > 65535)
        throw new UsageError(`--port must be an integer 0-65535, got "${o.port}".`)
      if (!/^\d+$/.test(o.refresh) || Number(o.refresh) < 500)
        throw new UsageError(`--refresh must be an integer number of ms ≥ 500, got "${o.refresh}".`)
      dashboardAgents(o) // a broken manifest or missing devnet state is reported now, not on the page
      let ui: Awaited<ReturnType<typeof serveDashboard>>
      try {
        ui = await serveDashboard({
          agents: () => dashboardAgents(o),
          port: Number(o.port),
          refreshMs: Number(o.refresh),
        })
      } catch (e) {
        throw new UsageError(
          `Cannot listen on 127.0.0.1:${o.port} (${(e as Error).message}); pass --port 0 for any free port.`,
        )
      }
      process.stdout.write(`${ui.url}\n`)
      await new Promise<void>((done) => {
        process.once('SIGINT', () => done())
        process.once('SIGTERM', () => done())
      })
      await ui.close()
    }),
  )
}
