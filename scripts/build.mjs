#!/usr/bin/env node
// Builds the published package: TypeScript sources → dist/ (JS + .d.ts, relative `.ts` imports rewritten to `.js`),
// plus the plain .mjs files tsc does not copy. Starts from an empty dist so no stale module is shipped.
import { spawnSync } from 'node:child_process'
import { copyFileSync, mkdirSync, readdirSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const dist = join(root, 'dist')
rmSync(dist, { recursive: true, force: true })
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc')
const r = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' })
if (r.status !== 0) process.exit(r.status ?? 1)
const copyMjs = (dir) => {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name)
    if (e.isDirectory()) copyMjs(p)
    else if (e.name.endsWith('.mjs')) {
      const to = join(dist, relative(join(root, 'src'), p))
      mkdirSync(dirname(to), { recursive: true })
      copyFileSync(p, to)
    }
  }
}
copyMjs(join(root, 'src'))
