import { execFileSync } from 'node:child_process'
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const REPO = resolve(import.meta.dirname, '../..')
const node = (args: string[], cwd: string) =>
  execFileSync(process.execPath, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })

/**
 * The published package, as a user gets it: `npm pack` (which builds dist/), the tarball unpacked as
 * node_modules/afk of a fresh project, dependencies found offline in the repo's node_modules one level up (the
 * tarball itself brings no dependencies). The project's strategy is plain JS run by Node without tsx.
 */
describe('npm pack tarball in a fresh project', () => {
  let dir: string
  let proj: string
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'afk-pack-'))
    execFileSync('npm', ['pack', '--pack-destination', dir, '--silent'], {
      cwd: REPO,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    const tgz = readdirSync(dir).find((f) => f.endsWith('.tgz'))!
    proj = join(dir, 'proj')
    mkdirSync(join(proj, 'node_modules', 'afk'), { recursive: true })
    execFileSync('tar', [
      'xzf',
      join(dir, tgz),
      '-C',
      join(proj, 'node_modules', 'afk'),
      '--strip-components=1',
    ])
    symlinkSync(join(REPO, 'node_modules'), join(dir, 'node_modules'), 'dir')
    writeFileSync(join(proj, 'package.json'), '{ "name": "my-agent", "private": true, "type": "module" }\n')
    writeFileSync(join(proj, 'strategy.mjs'), STRATEGY)
    writeFileSync(join(proj, 'run.mjs'), RUN)
    writeFileSync(join(proj, 'params.json'), JSON.stringify(PARAMS))
  }, 180_000)
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('ships built JS, types and the Lua runtime, not the TS sources or tests', () => {
    const pkg = join(proj, 'node_modules', 'afk')
    const files = readdirSync(pkg)
    expect(files).toEqual(expect.arrayContaining(['dist', 'lua', 'bin', 'package.json']))
    expect(files).not.toContain('src')
    expect(files).not.toContain('test')
    expect(readdirSync(join(pkg, 'lua', 'agent'))).toContain('q.lua')
    expect(readdirSync(join(pkg, 'dist'))).toEqual(expect.arrayContaining(['index.js', 'index.d.ts']))
  })

  it('compiles a strategy written there (3 assets, a 24-slot window, a map) and runs it equal on both engines', () => {
    const out = JSON.parse(node(['--experimental-wasm-memory64', '--no-warnings', 'run.mjs'], proj))
    expect(out.errors).toEqual([])
    expect(out.lua.startsWith('-- afk ')).toBe(true)
    expect(out.status.value).toBe('idle')
    expect(out.status.context.ticks).toBe('30')
    // the window kept the last 24 ticks; each mark counts its asset's index + 1 per tick
    expect(out.status.context.window).toHaveLength(24)
    expect(out.status.context.window[0]).toBe(String(7 * 10_000))
    expect(out.status.context.marks).toEqual({ A: '30', B: '60', C: '90' })
  })

  it('the bin compiles it too, byte-identical to the library', () => {
    node(
      ['node_modules/afk/bin/afk.mjs', 'compile', 'strategy.mjs', '--params', 'params.json', '-o', 'a.lua'],
      proj,
    )
    const viaLib = JSON.parse(node(['--experimental-wasm-memory64', '--no-warnings', 'run.mjs'], proj))
    expect(readFileSync(join(proj, 'a.lua'), 'utf8')).toBe(viaLib.lua)
  })

  it('its type declarations resolve for every entry under NodeNext', () => {
    writeFileSync(
      join(proj, 'check.ts'),
      [
        "import { compile, defineStrategy, quantity } from 'afk'",
        "import { createDualEngine } from 'afk/engine'",
        "import { createClient } from 'afk/clients'",
        "import { startDevnet } from 'afk/devnet'",
        "import { runBacktest } from 'afk/harness'",
        'void [compile, defineStrategy, quantity, createDualEngine, createClient, startDevnet, runBacktest]',
        '// @ts-expect-error compile takes a strategy, not a number',
        'compile(1, {})',
        '',
      ].join('\n'),
    )
    const tsconfig = {
      compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true },
      files: ['check.ts'],
    }
    writeFileSync(join(proj, 'tsconfig.json'), JSON.stringify(tsconfig))
    node([join(REPO, 'node_modules/typescript/bin/tsc'), '-p', '.'], proj)
  })
})

const ID = (s: string) => s.repeat(43).slice(0, 43)
const asset = (n: string, weightBps: number) => ({
  token: ID(n),
  pool: ID(n.toLowerCase()),
  weightBps,
  label: n,
})
const PARAMS = {
  base: ID('b'),
  quote: ID('q'),
  amount: '5',
  assets: [asset('A', 5000), asset('B', 3000), asset('C', 2000)],
}

// 3 assets in a list param, a 24-slot price window and a map, in plain JS against the installed package
const STRATEGY = `import { z } from 'zod'
import { basisPoints, defineStrategy, map, processId, quantity, ring } from 'afk'

export default defineStrategy({
  id: 'my-agent',
  params: z.object({
    base: processId(),
    quote: processId(),
    amount: quantity(),
    assets: z.array(z.object({ token: processId(), pool: processId(), weightBps: basisPoints(), label: z.string() })).min(1).max(8),
  }),
  tokens: ['base', 'quote'],
  context: { ticks: 0n, window: ring(24), marks: map(), avg: 0n },
  machine: ({ p, c, add, mul, div, len, sum, get, assign, push, set, forEach }) => ({
    initial: 'idle',
    states: {
      idle: {
        on: {
          tick: {
            actions: [
              assign({ ticks: add(c.ticks, 1) }),
              push(c.window, mul(c.ticks, sum(p.assets, (a) => a.weightBps))),
              forEach(p.assets, (a, i) => set(c.marks, a.label, add(get(c.marks, a.label), add(i, 1)))),
              assign({ avg: div(sum(c.window, (v) => v), len(c.window)) }),
            ],
          },
        },
      },
    },
  }),
})
`

const RUN = `import { readFileSync } from 'node:fs'
import { compile } from 'afk'
import { createDualEngine } from 'afk/engine'
import strategy from './strategy.mjs'

const params = JSON.parse(readFileSync('params.json', 'utf8'))
const r = compile(strategy, params)
const id = (s) => s.repeat(43).slice(0, 43)
// distinct message ids: the agent remembers handled ids and counts a re-delivery once
const { engine } = await createDualEngine({ strategy, params, id: id('a'), owner: id('o'), timestamp: 1e12, blockHeight: 1 })
for (let i = 1; i <= 30; i++)
  await engine.handle({ Id: ('m' + i).padEnd(43, '_'), Owner: id('o'), From: id('o'), Target: id('a'), Data: '', Cron: true,
    Tags: [{ name: 'Action', value: 'Cron' }], Timestamp: 1e12 + i * 1000, 'Block-Height': 1 + i })
const status = JSON.parse(await engine.statusJson())
console.log(JSON.stringify({ errors: r.diagnostics.filter((d) => d.severity === 'error'), lua: r.lua, status }))
`
