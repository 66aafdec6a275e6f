#!/usr/bin/env node
// afk CLI launcher: re-executes node with the flag the aos wasm64 module needs. In the repo it runs the TS sources
// (resolving `afk` to them through the `afk-source` export condition); an installed package runs the built dist/.
// tsx is loaded either way so that user strategies written in TypeScript can be imported.
// Signals are passed on, so stopping the launcher also stops a long-running command such as `afk devnet start`.
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
const require = createRequire(import.meta.url)
const tsx = require.resolve('tsx')
const source = join(here, '..', 'src', 'cli', 'index.ts')
const fromSource = existsSync(source)
const entry = fromSource ? source : join(here, '..', 'dist', 'cli', 'index.js')
// V8 grows its old space up to ~4× the live heap and its young space to 3 × 16 MB while a replay allocates fast;
// these two keep a long backtest's peak RSS near 1.5× what it holds (1M events: 336 -> 235 MB, about the same CPU).
const gcFlags = ['--heap-growing-percent=50', '--max-semi-space-size=4']
const flags = ['--experimental-wasm-memory64', '--no-warnings=ExperimentalWarning', ...gcFlags, '--import', tsx]
if (fromSource) flags.push('--conditions=afk-source')
const child = spawn(process.execPath, [...flags, entry, ...process.argv.slice(2)], { stdio: 'inherit' })
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => child.kill(sig))
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 128 + 2 : 1)))
