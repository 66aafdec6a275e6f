import type { Command } from 'commander'
import { readLogs } from '../../deploy/agentLogs.ts'
import { fund, parseAmount, readStatus, resolveToken, sendCommand, withdraw } from '../../deploy/agentOps.ts'
import { type StatusReport, StatusReportSchema, statusReportJsonSchema } from '../../deploy/statusSchema.ts'
import { UsageError } from '../../errors/deploy.ts'
import { addContextOptions, type ContextOptions, openDeployment } from '../deployContext.ts'
import { loadParams } from '../loadParams.ts'
import { oneLine } from '../oneLine.ts'
import { table } from './deploy.ts'

const ID = /^[A-Za-z0-9_-]{43}$/

/** `afk status`: the agent's live Status plus whether it still matches the manifest. */
export async function statusReport(ref: string, o: ContextOptions): Promise<StatusReport> {
  const { d, conn, pid } = await openDeployment(ref, o)
  const status = await readStatus(conn, pid)
  return StatusReportSchema.parse({
    name: d.name,
    network: d.network,
    processId: pid,
    status,
    matchesManifest: {
      strategyHash: status.meta.strategyHash === d.strategy.strategyHash,
      paramsHash: status.meta.paramsHash === d.strategy.paramsHash,
      owner: status.owner === d.owner,
      immutable: status.immutable === d.immutable,
    },
  })
}

function formatStatus(r: StatusReport): string {
  const s = r.status
  const lines = [
    `${r.name}  ${r.processId}  (${r.network})`,
    `  state      ${s.value || '(root)'}${s.done ? ' (done)' : ''}${s.paused ? ' [paused]' : ''}${s.halted ? ' [halted]' : ''}`,
    `  immutable  ${s.immutable ? 'yes: every Eval is refused' : 'no'}${r.matchesManifest.immutable ? '' : '  (differs from the manifest)'}`,
    `  owner      ${s.owner}${r.matchesManifest.owner ? '' : '  (differs from the manifest)'}`,
    `  strategy   ${s.meta.id} sha256:${s.meta.strategyHash.slice(0, 16)}…${r.matchesManifest.strategyHash ? '' : ' (differs from the manifest)'}`,
    `  last tick  ${s.lastTick === null ? 'never' : new Date(Number(s.lastTick)).toISOString()}`,
    `  balances   ${
      Object.entries(s.balances)
        .map(([k, v]) => `${k}=${v}`)
        .join('  ') || '(none)'
    }`,
    `  orders     ${
      Object.values(s.orders)
        .map((x) => `${x.id}:${x.kind}`)
        .join('  ') || '(none pending)'
    }`,
    `  timers     ${
      Object.entries(s.timers)
        .map(([k, v]) => `${k}@${v}`)
        .join('  ') || '(none)'
    }`,
    `  context    ${Object.entries(s.context)
      // a ring buffer or a map prints as JSON
      .map(([k, v]) => `${k}=${v !== null && typeof v === 'object' ? JSON.stringify(v) : v}`)
      .join('  ')}`,
  ]
  return `${lines.join('\n')}\n`
}

type Ctx = ContextOptions & { json?: boolean }

/** Registers an owner command that takes `<agent>` and prints the command message id. */
function simple(program: Command, name: string, action: string, description: string): void {
  addContextOptions(
    program.command(name).description(description).argument('<agent>', 'deployment name or process id'),
  ).action(
    oneLine(async (ref: string, o: Ctx) => {
      const { conn, pid } = await openDeployment(ref, o)
      const { id } = await sendCommand(conn, pid, action)
      process.stdout.write(`${action} accepted by ${pid} (message ${id})\n`)
    }),
  )
}

export function register(program: Command): void {
  addContextOptions(
    program
      .command('status')
      .description("read an agent's live Status (human, or --json validated by the published schema)")
      .argument('[agent]', 'deployment name or process id')
      .option('--json', 'print JSON (schema: `afk status --schema`)')
      .option('--schema', 'print the JSON Schema of `afk status --json` and exit'),
  ).action(
    oneLine(async (ref: string | undefined, o: Ctx & { schema?: boolean }) => {
      if (o.schema) {
        process.stdout.write(`${JSON.stringify(statusReportJsonSchema(), null, 2)}\n`)
        return
      }
      if (!ref) throw new UsageError('status needs an <agent> (a deployment name or process id).')
      const r = await statusReport(ref, o)
      process.stdout.write(o.json ? `${JSON.stringify(r, null, 2)}\n` : formatStatus(r))
    }),
  )
  simple(program, 'pause', 'Pause', 'pause an agent: ticks are ignored until resumed (owner only)')
  simple(program, 'resume', 'Resume', 'resume a paused or halted agent (owner only)')
  simple(program, 'liquidate', 'Liquidate', "send the agent's strategy the liquidate command (owner only)")
  simple(
    program,
    'halt',
    'Halt',
    'halt an agent: no new orders (ticks ignored, strategy swaps/quotes/transfers skipped) until resumed; withdraw still works (owner only)',
  )

  addContextOptions(
    program
      .command('withdraw')
      .description("withdraw a token from the agent to its owner; waits for the token's credit (owner only)")
      .argument('<agent>', 'deployment name or process id')
      .requiredOption('--token <param|id>', 'token param (e.g. quote) or token process id')
      .option('--amount <amount>', 'amount in whole tokens (e.g. 2.5); base units with --raw')
      .option('--raw', 'amount options are in base units (integers)')
      .option('--all', "withdraw the agent's whole balance of the token"),
  ).action(
    oneLine(
      async (ref: string, o: Ctx & { token: string; amount?: string; raw?: boolean; all?: boolean }) => {
        if (!!o.all === (o.amount !== undefined))
          throw new UsageError('withdraw needs exactly one of --amount <x> or --all.')
        const { conn, pid } = await openDeployment(ref, o)
        let amount: bigint | undefined
        if (o.amount !== undefined) {
          const t = resolveToken(await readStatus(conn, pid), o.token)
          amount = await parseAmount(conn, t.id, o.amount, !!o.raw)
        }
        const r = await withdraw(conn, pid, { token: o.token, amount })
        process.stdout.write(`withdrew ${r.quantity} (raw) of ${r.token} to the owner (message ${r.id})\n`)
      },
    ),
  )

  addContextOptions(
    program
      .command('update-params')
      .description("change an agent's params (token params cannot change; owner only)")
      .argument('<agent>', 'deployment name or process id')
      .requiredOption('-p, --params <json|file>', 'the params to change, as a JSON object'),
  ).action(
    oneLine(async (ref: string, o: Ctx & { params: string }) => {
      const patch = loadParams(o.params)
      // the agent checks each value; on the wire every value is a string
      const data = JSON.stringify(Object.fromEntries(Object.entries(patch).map(([k, v]) => [k, String(v)])))
      const { conn, pid } = await openDeployment(ref, o)
      const { id } = await sendCommand(conn, pid, 'Update-Params', {
        tags: [{ name: 'Content-Type', value: 'application/json' }],
        data,
      })
      process.stdout.write(`Update-Params accepted by ${pid} (message ${id})\n`)
    }),
  )

  addContextOptions(
    program
      .command('transfer-ownership')
      .description('make another wallet or process the owner of an agent (owner only)')
      .argument('<agent>', 'deployment name or process id')
      .requiredOption('--to <address>', 'the new owner'),
  ).action(
    oneLine(async (ref: string, o: Ctx & { to: string }) => {
      if (!ID.test(o.to)) throw new UsageError(`--to must be a 43-character address, got "${o.to}".`)
      const { conn, pid } = await openDeployment(ref, o)
      const { id } = await sendCommand(conn, pid, 'Transfer-Ownership', {
        tags: [{ name: 'New-Owner', value: o.to }],
      })
      process.stdout.write(`ownership of ${pid} moved to ${o.to} (message ${id})\n`)
    }),
  )

  addContextOptions(
    program
      .command('fund')
      .description('transfer a token from the wallet to the agent')
      .argument('<agent>', 'deployment name or process id')
      .requiredOption('--token <param|id>', 'token param (e.g. quote) or token process id')
      .requiredOption('--amount <amount>', 'amount in whole tokens (e.g. 2.5); base units with --raw')
      .option('--raw', 'amount options are in base units (integers)'),
  ).action(
    oneLine(async (ref: string, o: Ctx & { token: string; amount: string; raw?: boolean }) => {
      const { conn, pid } = await openDeployment(ref, o)
      const t = resolveToken(await readStatus(conn, pid), o.token)
      const amount = await parseAmount(conn, t.id, o.amount, !!o.raw)
      const r = await fund(conn, pid, { token: t.id, amount })
      process.stdout.write(`sent ${amount} (raw) of ${t.param} to ${pid} (message ${r.id})\n`)
    }),
  )

  addContextOptions(
    program
      .command('logs')
      .description("an agent's recent results: fills and other strategy logs, errors, notices, transfers")
      .argument('<agent>', 'deployment name or process id')
      .option('--limit <n>', 'how many recent results to read', '100')
      .option('--json', 'print JSON lines'),
  ).action(
    oneLine(async (ref: string, o: Ctx & { limit: string }) => {
      if (!/^[1-9][0-9]{0,3}$/.test(o.limit))
        throw new UsageError(`--limit must be an integer 1-9999, got "${o.limit}".`)
      const { conn, pid } = await openDeployment(ref, o)
      const entries = await readLogs(conn, pid, Number(o.limit))
      if (o.json) {
        process.stdout.write(entries.map((e) => `${JSON.stringify(e)}\n`).join(''))
        return
      }
      if (!entries.length) {
        process.stdout.write('no activity yet\n')
        return
      }
      process.stdout.write(
        table(
          ['KIND', 'EVENT', 'FIELDS'],
          entries.map((e) => [
            e.kind,
            e.event,
            Object.entries(e.fields)
              .map(([k, v]) => `${k}=${v}`)
              .join(' '),
          ]),
        ),
      )
    }),
  )
}
