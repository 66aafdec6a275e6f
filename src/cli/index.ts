import '../ao/hostClock.ts' // first: capture the real clocks before any aos module loads
import { Command } from 'commander'
import { enableMemory64 } from '../ao/memory64.ts'
import { BaseError } from '../errors/BaseError.ts'
import { version } from '../version.ts'
import { ExitError } from './ExitError.ts'
import { formatUserError } from './formatUserError.ts'

/** Every command lives in ./commands/<name>.ts and exports `register(program)`. */
const COMMANDS = [
  'compile',
  'check',
  'graph',
  'inspect',
  'backtest',
  'sweep',
  'synth',
  'record',
  'devnet',
  'demo',
  'bench',
  'wallet',
  'deploy',
  'agent',
  'keeper',
  'ui',
] as const

async function main(argv: string[]): Promise<void> {
  enableMemory64()
  const program = new Command('afk')
    .description('afk: Autonomous Finance Kit for AO')
    .version(version)
    .showHelpAfterError()
    .exitOverride()
  // `afk <command> …` loads that command's module only (with its dependencies: a backtest need not load the
  // devnet, deploy or UI stacks, tens of MB of RSS); anything else (help, an unknown name) loads them all.
  const named = COMMANDS.find((c) => c === argv[2])
  for (const name of named ? [named, ...COMMANDS.filter((c) => c !== named)] : COMMANDS) {
    if (name !== named && program.commands.some((c) => c.name() === named)) break
    let mod: { register?: (p: Command) => void }
    try {
      mod = await import(`./commands/${name}.ts`)
    } catch (e) {
      if ((e as { code?: string }).code === 'ERR_MODULE_NOT_FOUND' && String(e).includes(`commands/${name}.`))
        continue
      throw e
    }
    mod.register?.(program)
  }
  await program.parseAsync(argv)
}

/**
 * Exits once stdout and stderr have flushed: on a pipe they are asynchronous, and `process.exit` with a write still
 * queued cut `afk backtest --json | …` at 64 KiB.
 */
function exit(code: number): void {
  process.stdout.write('', () => process.stderr.write('', () => process.exit(code)))
}

main(process.argv).then(
  () => exit(Number(process.exitCode ?? 0)),
  (err) => {
    if (err instanceof ExitError) return exit(err.code)
    if ((err as { code?: string })?.code?.startsWith?.('commander.')) {
      const code = (err as { exitCode?: number }).exitCode ?? 1
      return exit(code)
    }
    if (err instanceof BaseError) {
      process.stderr.write(formatUserError(err))
      return exit(1)
    }
    process.stderr.write(`afk: internal error, please report it.\n${(err as Error)?.stack ?? err}\n`)
    exit(70)
  },
)
