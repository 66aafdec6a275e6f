import { Command } from 'commander'
import { ExitError } from '../../src/cli/ExitError.ts'

const MODULES = ['wallet', 'deploy', 'agent', 'keeper', 'ui'] as const

/**
 * Runs afk commands in this process (the real commander program and actions, stdout/stderr captured), so an end to
 * end test does not pay a Node start per command. The exit code follows src/cli/index.ts: ExitError → its code,
 * commander errors → their exit code.
 */
export async function runCli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = ''
  let err = ''
  const sink = {
    writeOut: (s: string) => {
      out += s
    },
    writeErr: (s: string) => {
      err += s
    },
  }
  const program = new Command('afk').exitOverride().showHelpAfterError(false)
  program.configureOutput(sink)
  for (const m of MODULES) {
    const mod = (await import(`../../src/cli/commands/${m}.ts`)) as { register(p: Command): void }
    mod.register(program)
  }
  for (const c of program.commands) {
    c.exitOverride()
    c.configureOutput(sink)
    for (const sub of c.commands) {
      sub.exitOverride()
      sub.configureOutput(sink)
    }
  }
  const ow = process.stdout.write
  const ew = process.stderr.write
  process.stdout.write = ((s: string) => {
    out += s
    return true
  }) as typeof process.stdout.write
  process.stderr.write = ((s: string) => {
    err += s
    return true
  }) as typeof process.stderr.write
  let code = 0
  try {
    await program.parseAsync(['node', 'afk', ...args])
  } catch (e) {
    if (e instanceof ExitError) code = e.code
    else if ((e as { code?: string }).code?.startsWith?.('commander.'))
      code = (e as { exitCode?: number }).exitCode ?? 1
    else throw e
  } finally {
    process.stdout.write = ow
    process.stderr.write = ew
  }
  return { code, out, err }
}
