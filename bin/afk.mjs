#!/usr/bin/env node
// afk CLI launcher: re-executes node with the flags the aos wasm64 module needs and runs the TS sources via tsx.
import { spawnSync } from 'node:child_process'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createRequire } from 'node:module'

const here = dirname(fileURLToPath(import.meta.url))
const require = createRequire(import.meta.url)
const tsx = require.resolve('tsx')
const entry = join(here, '..', 'src', 'cli', 'index.ts')
const flags = ['--experimental-wasm-memory64', '--no-warnings=ExperimentalWarning', '--import', tsx]
const r = spawnSync(process.execPath, [...flags, entry, ...process.argv.slice(2)], { stdio: 'inherit' })
process.exit(r.status ?? 1)
