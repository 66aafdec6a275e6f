/**
 * `npm run fuzz -- --messages N --seed S [--engine ts|aos] [--agent dca] [--path P] [--flood-mb M]`
 *
 * The long version of the reactive attacker (test/fuzz/reactiveAttacker.ts): batches of random plans until N agent
 * messages were handled, a progress bar, and on the first broken invariant the shrunk plan plus the command that
 * replays it. `--flood-mb` instead floods the compiled agent on aos with M megabytes of 4 MB Evals and then checks
 * that the owner still withdraws everything. Exit 0: no violation; 1: a violation or bad arguments.
 */
import cliProgress from 'cli-progress'
import { Command, InvalidArgumentError } from 'commander'
import fc from 'fast-check'
import { type AttackScene, createAttackWorld, createModelWorld, T0 } from '../utils/attackWorld.ts'
import { planArb, runPlan } from './reactiveAttacker.ts'

/** Agents the fuzzer can attack; each brings its scene factories (only the DCA so far). */
const AGENTS: Record<
  string,
  { ts: () => Promise<() => Promise<AttackScene>>; aos: () => Promise<() => Promise<AttackScene>> }
> = {
  dca: {
    ts: async () => {
      const env = createModelWorld()
      return () => env.fresh()
    },
    aos: async () => {
      const env = await createAttackWorld()
      return async () => env.fresh()
    },
  },
}

const int = (name: string) => (v: string) => {
  if (!/^[0-9]+$/.test(v))
    throw new InvalidArgumentError(`${name} must be a non-negative integer, got "${v}"`)
  return Number(v)
}

const program = new Command('fuzz')
  .description('Reactive attacker fuzzer for afk agents (issue 8).')
  .option('--messages <n>', 'agent messages to fuzz', int('--messages'), 1_000_000)
  .option('--seed <s>', 'seed of the first batch', int('--seed'), 1)
  .option('--agent <name>', `agent to attack (${Object.keys(AGENTS).join(', ')})`, 'dca')
  .option(
    '--engine <e>',
    'ts: TS engine + token/pool models (fast); aos: compiled Lua on aos in lockstep with TS, token and pool on aos',
    'ts',
  )
  .option('--max-moves <n>', 'moves per plan', int('--max-moves'), 80)
  .option('--path <p>', 'replay one failing case: the path printed with its seed')
  .option(
    '--flood-mb <mb>',
    'flood the agent on aos with this many MB of 4 MB Evals, then withdraw',
    int('--flood-mb'),
  )
  .parse()
const o = program.opts<{
  messages: number
  seed: number
  agent: string
  engine: string
  maxMoves: number
  path?: string
  floodMb?: number
}>()

function die(msg: string): never {
  process.stderr.write(`fuzz: ${msg}\n`)
  process.exit(1)
}

async function flood(mb: number): Promise<void> {
  const env = await createAttackWorld()
  const s = env.fresh()
  await s.deposit(5_000_000n)
  const bar = new cliProgress.SingleBar(
    {
      format: 'flood [{bar}] {value}/{total} MB | {duration_formatted}',
      noTTYOutput: true,
      notTTYSchedule: 5000,
    },
    cliProgress.Presets.shades_classic,
  )
  bar.start(mb, 0)
  const t0 = performance.now()
  const chunk = 4 * 1024 * 1024
  for (let sent = 0; sent < mb; sent += 4) {
    s.send(
      s.ids.attacker,
      s.ids.agent,
      { Action: 'Eval' },
      `-- ${sent} ${'x'.repeat(chunk - 24)}`,
      s.world.now + 1,
    )
    await s.run(10)
    bar.update(Math.min(mb, sent + 4))
    await new Promise((resolve) => setImmediate(resolve)) // let the progress bar redraw
  }
  bar.stop()
  s.command('Status')
  await s.world.run({ until: Math.max(s.world.now, T0 + 3_600_000) + 60_000 })
  const { withdrawn } = await s.ownerWithdrawsEverything()
  process.stdout.write(
    `flood: ${mb} MB of Evals in ${((performance.now() - t0) / 1000).toFixed(1)} s; afterwards ${s.state.context.buys} buys and the owner withdrew ${withdrawn.quote} quote + ${withdrawn.base} base, the agent's ledger is empty\n`,
  )
}

async function fuzz(): Promise<void> {
  const agent =
    AGENTS[o.agent] ?? die(`unknown agent "${o.agent}" (known: ${Object.keys(AGENTS).join(', ')})`)
  if (o.engine !== 'ts' && o.engine !== 'aos') die(`--engine must be ts or aos, got "${o.engine}"`)
  const fresh = await agent[o.engine as 'ts' | 'aos']()
  const bar = new cliProgress.SingleBar(
    {
      format:
        'fuzz [{bar}] {value}/{total} messages | {runs} plans | {duration_formatted} | eta {eta_formatted}',
      noTTYOutput: true,
      notTTYSchedule: 10_000,
    },
    cliProgress.Presets.shades_classic,
  )
  let total = 0
  let runs = 0
  const t0 = performance.now()
  bar.start(o.path ? 1 : o.messages, 0, { runs })
  const prop = fc.asyncProperty(planArb(o.maxMoves), async (plan) => {
    const r = await runPlan(await fresh(), plan, () => {
      total++
      if (total % 200 === 0) bar.update(Math.min(total, o.messages), { runs })
    })
    runs++
    void r
    // models answer synchronously: let the progress bar's timer run between plans
    await new Promise((resolve) => setImmediate(resolve))
  })
  for (let batch = 0; o.path !== undefined ? batch < 1 : total < o.messages; batch++) {
    const seed = o.seed + batch
    const r = await fc.check(prop, { seed, numRuns: o.path ? 1 : 50, path: o.path })
    if (r.failed) {
      bar.stop()
      const cmd = `npm run fuzz -- --agent ${o.agent} --engine ${o.engine} --max-moves ${o.maxMoves} --seed ${seed} --path ${r.counterexamplePath}`
      process.stdout.write(
        [
          `VIOLATION after ${total} agent messages (${runs} plans): ${(r.errorInstance as Error)?.message ?? String(r.errorInstance)}`,
          `shrunk plan (${r.numShrinks} shrinks): ${JSON.stringify(r.counterexample?.[0])}`,
          `replay: ${cmd}`,
          '',
        ].join('\n'),
      )
      process.exit(1)
    }
  }
  bar.update(Math.min(total, o.messages), { runs })
  bar.stop()
  const secs = (performance.now() - t0) / 1000
  process.stdout.write(
    `fuzz: ${total} agent messages in ${runs} plans, ${secs.toFixed(1)} s (${Math.round(total / secs)} msg/s), engine ${o.engine}, seeds ${o.seed}..; no invariant broken\n`,
  )
}

if (o.floodMb !== undefined) await flood(o.floodMb)
else await fuzz()
