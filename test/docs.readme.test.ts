import { execFile } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, relative, resolve } from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'

const README = readFileSync('README.md', 'utf8')

/**
 * The `npx afk …` lines of README's ```sh blocks, comments dropped, in order — except the deploy quick start, which
 * needs a running devnet and is run as written by test/deploy/readme.test.ts.
 */
function examples(): string[] {
  const out: string[] = []
  const start = README.indexOf('## Deploy and operate')
  const end = start === -1 ? -1 : README.indexOf('\n## ', start + 1)
  const text = start === -1 ? README : README.slice(0, start) + README.slice(end)
  for (const block of text.matchAll(/```sh\n([\s\S]*?)```/g))
    for (const line of block[1].split('\n'))
      if (line.startsWith('npx afk ')) out.push(line.replace(/\s+#.*$/, '').trim())
  return out
}

describe('README (issue 12 item 8 and "Also")', () => {
  it('every `npx afk` example runs as written (record needs a scheduler unit and is the only one left out)', async () => {
    const all = examples()
    const needsSu = all.filter((l) => l.includes('<'))
    expect(needsSu).toEqual([expect.stringMatching(/^npx afk record /)])
    const runnable = all.filter((l) => !l.includes('<'))
    expect(runnable.length).toBeGreaterThanOrEqual(7)
    // a scratch directory with the repo's agents: outputs (build/, pool.ndjson, report.html) land there
    const dir = mkdtempSync(join(tmpdir(), 'afk-readme-'))
    symlinkSync(resolve('agents'), join(dir, 'agents'))
    const afk = `${process.execPath} ${resolve('bin/afk.mjs')}`
    for (const line of runnable) {
      const r = await promisify(execFile)('bash', ['-c', line.replace(/^npx afk /, `${afk} `)], {
        cwd: dir,
        encoding: 'utf8',
        env: { ...process.env, NO_COLOR: '1' },
        timeout: 120_000,
      }).catch((e) => ({ ...e, failed: true }))
      expect([line, (r as { failed?: boolean }).failed ? (r as { stderr: string }).stderr : 'ok']).toEqual([
        line,
        'ok',
      ])
    }
    const made = readdirSync(dir).sort()
    expect(made).toEqual(expect.arrayContaining(['build', 'pool.ndjson', 'report.html']))
  }, 600_000)

  it("imports run only the way README's map of the parts allows", () => {
    const allowed = readmeLayers()
    expect([...allowed.keys()]).toEqual(
      expect.arrayContaining([
        'ao',
        'protocols',
        'strategy',
        'compiler',
        'engine',
        'models',
        'processes',
        'clients',
        'devnet',
        'harness',
        'cli',
      ]),
    )
    // the one-way chain of the core, as the brief states it
    expect([...(allowed.get('strategy') ?? [])].sort()).toEqual(['ao', 'errors', 'protocols'])
    expect(allowed.get('compiler')?.has('engine')).toBe(false)
    const src = resolve('src')
    const walk = (d: string): string[] =>
      readdirSync(d).flatMap((f) => {
        const p = join(d, f)
        return statSync(p).isDirectory() ? walk(p) : p.endsWith('.ts') ? [p] : []
      })
    const files = walk(src).map((f) => ({ path: relative('.', f), text: readFileSync(f, 'utf8') }))
    expect(files.length).toBeGreaterThan(200)
    expect(layeringOffenders(files, allowed)).toEqual([])
  })

  it('planted drift: the import check catches a definition importing the engine, and the compiler the engine', () => {
    const allowed = readmeLayers()
    const planted = [
      {
        path: 'src/strategy/primitives/x.ts',
        text: "import type { Rt } from '../../engine/runtime/types.ts'",
      },
      { path: 'src/strategy/x.ts', text: "export { compile } from '../compiler/compile.ts'" },
      { path: 'src/compiler/x.ts', text: "const m = await import('../engine/tsEngine.ts')" },
      { path: 'src/harness/x.ts', text: "import {\n  a,\n} from '../cli/output.ts'" },
      // allowed: downward, and within a part
      { path: 'src/engine/x.ts', text: "import { compile } from '../compiler/compile.ts'" },
      {
        path: 'src/strategy/y.ts',
        text: "import { a } from '../protocols/agentWire.ts'\nimport { z } from './expr.ts'",
      },
    ]
    expect(layeringOffenders(planted, allowed)).toEqual([
      'src/compiler/x.ts imports engine',
      'src/harness/x.ts imports cli',
      'src/strategy/primitives/x.ts imports engine',
      'src/strategy/x.ts imports compiler',
    ])
  })
})

/** README's map of the parts: each part and the parts it may import (`*`: everything). */
function readmeLayers(): Map<string, Set<string>> {
  const table = README.slice(README.indexOf('## Map of the parts'))
  const allowed = new Map<string, Set<string>>()
  for (const m of table.matchAll(/^\| ([a-z]+) \| [^|]+ \| [^|]+ \| ([^|]+) \|$/gm)) {
    const may = m[2].includes('everything') ? ['*'] : m[2].split(',').map((x) => x.trim().split(' ')[0])
    allowed.set(m[1], new Set(may.filter((x) => x !== '—')))
  }
  return allowed
}

/**
 * `<file> imports <part>` for every import that crosses the map: static (type-only too: a definition that needs an
 * engine type is not a definition), `export … from`, and `import('…')` with a literal path. Nothing but cli imports cli.
 */
function layeringOffenders(
  files: Array<{ path: string; text: string }>,
  allowed: Map<string, Set<string>>,
): string[] {
  const part = (p: string) => p.split('/')[1]
  const bad: string[] = []
  for (const { path, text } of files) {
    const from = part(path)
    if (!allowed.has(from)) continue
    for (const m of text.matchAll(/(?:\bfrom\s+|\bimport\s*\(\s*)'(\.[^']+)'/g)) {
      const to = part(join(dirname(path), m[1]))
      if (to === from) continue
      if (to === 'cli') bad.push(`${path} imports cli`)
      else if (allowed.has(to) && !allowed.get(from)?.has('*') && !allowed.get(from)?.has(to))
        bad.push(`${path} imports ${to}`)
    }
  }
  return bad.sort()
}
