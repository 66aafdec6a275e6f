/**
 * `npm run fuzz -- --agent X --messages N --seed S [--engine ts|aos] [--max-moves M] [--path P] [--flood-mb M]`
 *
 * The long version of the reactive attacker (test/fuzz/reactiveAttacker.ts) against one agent profile
 * (test/fuzz/agents/): batches of random plans until N agent messages were handled, a progress bar, and on the first
 * broken invariant the shrunk plan plus the command that replays it. `--flood-mb` instead floods the compiled agent
 * on aos with M megabytes of 4 MB Evals and then checks that the owner still withdraws everything.
 * Exit 0: no violation; 1: a violation or bad arguments.
 */
import cliProgress from 'cli-progress'
import { Command, InvalidArgumentError } from 'commander'
import fc from 'fast-check'
import { createProfileAosWorld, createProfileModelWorld, type FuzzScene, T0 } from '../utils/profileWorld.ts'
import { PROFILES } from './agents/index.ts'
import type { AgentProfile } from './profile.ts'
import { planArb, runPlan } from './reactiveAttacker.ts'

const int = (name: string) => (v: string) => {
  if (!/^[0-9]+$/.test(v))
    throw new InvalidArgumentError(`${name} must be a non-negative integer, got "${v}"`)
  return Number(v)
}

const program = new Command('fuzz')
  .description('Reactive attacker fuzzer for afk agents (issues 8 and 10).')
  .option('--messages <n>', 'agent messages to fuzz', int('--messages'), 1_000_000)
  .option('--seed <s>', 'seed of the first batch', int('--seed'), 1)
  .option('--agent <name>', `agent to attack (${Object.keys(PROFILES).join(', ')})`, 'dca')
  .option(
    '--engine <e>',
    'ts: TS engine + token/pool/signal models (fast); aos: compiled Lua on aos in lockstep with TS, processes on aos',
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

const profile: AgentProfile =
  PROFILES[o.agent] ?? die(`unknown agent "${o.agent}" (known: ${Object.keys(PROFILES).join(', ')})`)
if (o.engine !== 'ts' && o.engine !== 'aos') die(`--engine must be ts or aos, got "${o.engine}"`)
if (o.path !== undefined && !/^[0-9]+(:[0-9]+)*$/.test(o.path))
  die(`--path must look like 12:0:3, got "${o.path}"`)

/**
 * A progress bar on a terminal; elsewhere (a file, CI) one plain line every 10 s, because cli-progress's own non-TTY
 * output repeats the bar's glyphs and printed a broken ETA.
 */
function progress(
  label: string,
  unit: string,
  total: number,
): { update: (done: number, extra: string) => void; stop: () => void } {
  if (process.stdout.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        format: `${label} [{bar}] {value}/{total} ${unit} | {extra} | {duration_formatted} | eta {eta_formatted}`,
      },
      cliProgress.Presets.shades_classic,
    )
    bar.start(total, 0, { extra: '' })
    return { update: (done, extra) => bar.update(done, { extra }), stop: () => bar.stop() }
  }
  const t0 = performance.now()
  let last = t0
  return {
    update(done, extra) {
      const now = performance.now()
      if (now - last < 10_000) return
      last = now
      const secs = (now - t0) / 1000
      const eta = done > 0 ? `, eta ${Math.round((secs * (total - done)) / done)} s` : ''
      const more = extra ? `, ${extra}` : ''
      process.stdout.write(`${label}: ${done}/${total} ${unit}${more}, ${Math.round(secs)} s${eta}\n`)
    },
    stop: () => {},
  }
}

async function flood(mb: number): Promise<void> {
  const env = await createProfileAosWorld(profile)
  const s = env.fresh()
  for (const [, tok] of s.bookTokens())
    s.send(s.ids.owner, s.ids.tokens[tok], {
      Action: 'Transfer',
      Recipient: s.ids.agent,
      Quantity: '5000000',
    })
  await s.run(2_000)
  const bar = progress('flood', 'MB', mb)
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
    bar.update(Math.min(mb, sent + 4), '')
    await new Promise((resolve) => setImmediate(resolve)) // let the progress bar redraw
  }
  bar.stop()
  s.command('Status')
  await s.world.run({ until: Math.max(s.world.now, T0 + profile.tickMs) + 60_000 })
  const { withdrawn } = await s.ownerWithdrawsEverything()
  process.stdout.write(
    `flood: ${mb} MB of Evals to ${profile.name} in ${((performance.now() - t0) / 1000).toFixed(1)} s; afterwards the owner withdrew ${Object.entries(
      withdrawn,
    )
      .map(([k, v]) => `${v} ${k}`)
      .join(
        ' + ',
      )} (deposited 5000000 of each), ${s.ts.runtime.stats.events.get('swap.filled') ?? 0} swaps filled meanwhile, the agent's ledgers are empty\n`,
  )
}

async function fuzz(): Promise<void> {
  let fresh: () => Promise<FuzzScene>
  if (o.engine === 'ts') {
    const env = createProfileModelWorld(profile)
    fresh = () => env.fresh()
  } else {
    const env = await createProfileAosWorld(profile)
    fresh = async () => env.fresh()
  }
  const bar = progress(`fuzz ${profile.name}`, 'messages', o.path ? 1 : o.messages)
  let total = 0
  let runs = 0
  const t0 = performance.now()
  const prop = fc.asyncProperty(planArb(o.maxMoves), async (plan) => {
    await runPlan(await fresh(), plan, () => {
      total++
      if (total % 200 === 0) bar.update(Math.min(total, o.messages), `${runs} plans`)
    })
    runs++
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
          `VIOLATION in ${profile.name} after ${total} agent messages (${runs} plans): ${(r.errorInstance as Error)?.message ?? String(r.errorInstance)}`,
          `shrunk plan (${r.numShrinks} shrinks; moves are test/fuzz/reactiveAttacker.ts's switch cases): ${JSON.stringify(r.counterexample?.[0])}`,
          `replay: ${cmd}`,
          '',
        ].join('\n'),
      )
      process.exit(1)
    }
  }
  bar.update(Math.min(total, o.messages), `${runs} plans`)
  bar.stop()
  const secs = (performance.now() - t0) / 1000
  process.stdout.write(
    `fuzz ${profile.name}: ${total} agent messages in ${runs} plans, ${secs.toFixed(1)} s (${Math.round(total / secs)} msg/s), engine ${o.engine}, seeds ${o.seed}..${o.seed + Math.max(0, Math.ceil(runs / 50) - 1)}; no invariant broken\n`,
  )
}

if (o.floodMb !== undefined) await flood(o.floodMb)
else await fuzz()
