import { createInterface } from 'node:readline/promises'
import type { Command } from 'commander'
import { type DeployPlan, deployAgent } from '../../deploy/deployAgent.ts'
import { DEPLOY_STEPS, readManifest } from '../../deploy/manifest.ts'
import { NETWORKS, resolveDevnetRefs } from '../../deploy/network.ts'
import { loadStrategy } from '../../engine/loadStrategy.ts'
import { UsageError } from '../../errors/deploy.ts'
import { addContextOptions, type ContextOptions, networkOf, timeoutOf, walletOf } from '../deployContext.ts'
import { loadParams } from '../loadParams.ts'
import { oneLine } from '../oneLine.ts'

export function formatPlan(p: DeployPlan): string {
  return [
    `Deploy "${p.name}" to ${p.network}:`,
    `  module      ${p.module}`,
    `  scheduler   ${p.scheduler}`,
    `  authority   ${p.authority}`,
    `  cron        ${p.cron ?? '(none)'}`,
    `  immutable   ${p.immutable ? "yes: every Eval is refused after boot, even the owner's" : 'no'}`,
    `  owner       ${p.owner}`,
    `  strategy    sha256:${p.strategyHash}`,
    `  params      sha256:${p.paramsHash}`,
    `  lua         ${p.luaBytes} bytes`,
    `  messages    about ${p.estimatedMessages} signed message(s), plus every later cron tick`,
  ].join('\n')
}

async function ask(plan: DeployPlan): Promise<boolean> {
  process.stderr.write(`${formatPlan(plan)}\n`)
  if (!process.stdin.isTTY) return false
  const rl = createInterface({ input: process.stdin, output: process.stderr })
  try {
    return /^y(es)?$/i.test((await rl.question('Spawn it? [y/N] ')).trim())
  } finally {
    rl.close()
  }
}

export function register(program: Command): void {
  addContextOptions(
    program
      .command('deploy')
      .description(
        'compile a strategy and deploy it as an aos process (spawn, load, monitor, verify); resumable, recorded in the manifest',
      )
      .argument('<strategy>', 'strategy module, e.g. agents/dca.ts')
      .requiredOption(
        '-p, --params <json|file>',
        'params as a JSON file or inline JSON (on local: "devnet:tokens.a" names a seeded process)',
      )
      .option('--name <name>', 'deployment name (default: the strategy id)')
      .option('--network <name>', `network: ${NETWORKS.join(' | ')}`, 'local')
      .option('--yes', 'do not ask for confirmation on public networks')
      .option(
        '--immutable',
        "the agent refuses every Eval after boot, even its owner's (recorded in the manifest)",
      )
      .option(
        '--no-cron',
        'spawn without Cron-Interval: ticks come from `afk keeper` (params must name its wallet as keeper)',
      ),
  ).action(
    oneLine(
      async (
        file: string,
        o: ContextOptions & {
          params: string
          name?: string
          network: string
          yes?: boolean
          cron: boolean
          immutable?: boolean
        },
      ) => {
        if (!NETWORKS.includes(o.network as never))
          throw new UsageError(`--network must be one of ${NETWORKS.join(', ')}, got "${o.network}".`)
        const network = networkOf(o.network, o)
        const wallet = walletOf(network, o)
        const strategy = await loadStrategy(file)
        const r = await deployAgent({
          strategyFile: file,
          strategy,
          params: resolveDevnetRefs(loadParams(o.params), network, { state: o.state }),
          name: o.name ?? strategy.config.id,
          network,
          wallet,
          manifest: o.manifest,
          yes: o.yes,
          networkCron: o.cron,
          immutable: o.immutable === true,
          confirm: ask,
          checkTimeoutMs: timeoutOf(o),
          log: (l) => process.stderr.write(`${l}\n`),
          // fault injection for resumability tests: die hard right after a step was recorded
          onStep: (step) => {
            if (process.env.AFK_DEPLOY_KILL_AFTER === step) process.kill(process.pid, 'SIGKILL')
          },
        })
        const d = r.deployment
        process.stderr.write(
          r.ran.length
            ? `deployed "${d.name}" in ${Math.round(r.ms)} ms\n`
            : `"${d.name}" is already deployed; nothing to do\n`,
        )
        process.stdout.write(`${d.processId}\n`)
      },
    ),
  )

  program
    .command('ls')
    .description('list the deployments in the manifest')
    .option('--manifest <file>', 'deployments manifest', 'afk.deployments.json')
    .option('--json', 'print the manifest entries as JSON')
    .action(
      oneLine(async (o: { manifest: string; json?: boolean }) => {
        const list = Object.values(readManifest(o.manifest).deployments)
        if (o.json) {
          process.stdout.write(`${JSON.stringify(list, null, 2)}\n`)
          return
        }
        if (!list.length) {
          process.stdout.write(`no deployments in ${o.manifest}\n`)
          return
        }
        const rows = list.map((d) => [
          d.name,
          d.network,
          d.processId ?? '(not spawned)',
          d.strategy.id,
          d.cron ?? '-',
          DEPLOY_STEPS.every((s) => d.steps[s].state !== 'pending')
            ? 'deployed'
            : `pending: ${DEPLOY_STEPS.filter((s) => d.steps[s].state === 'pending').join(',')}`,
        ])
        process.stdout.write(table(['NAME', 'NETWORK', 'PROCESS', 'STRATEGY', 'CRON', 'STATE'], rows))
      }),
    )
}

export function table(head: string[], rows: string[][]): string {
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)))
  const line = (r: string[]) =>
    `${r
      .map((c, i) => c.padEnd(w[i]))
      .join('  ')
      .trimEnd()}\n`
  return [head, ...rows].map(line).join('')
}
