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
    const table = README.slice(README.indexOf('## Map of the parts'))
    const allowed = new Map<string, Set<string>>()
    for (const m of table.matchAll(/^\| ([a-z]+) \| [^|]+ \| [^|]+ \| ([^|]+) \|$/gm)) {
      const may = m[2].includes('everything') ? ['*'] : m[2].split(',').map((x) => x.trim().split(' ')[0])
      allowed.set(m[1], new Set(may.filter((x) => x !== '—')))
    }
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
    const src = resolve('src')
    const walk = (d: string): string[] =>
      readdirSync(d).flatMap((f) => {
        const p = join(d, f)
        return statSync(p).isDirectory() ? walk(p) : p.endsWith('.ts') ? [p] : []
      })
    const part = (p: string) => relative(src, p).split('/')[0]
    const bad: string[] = []
    for (const f of walk(src)) {
      const from = part(f)
      if (!allowed.has(from)) continue
      // type-only imports vanish at runtime and are free
      for (const m of readFileSync(f, 'utf8').matchAll(/^import\s+(type\s+)?[^'"]*?from\s+'(\.[^']+)'/gm)) {
        if (m[1]) continue
        const to = part(resolve(dirname(f), m[2]))
        if (to === from || !allowed.has(to)) continue
        const may = allowed.get(from) as Set<string>
        if (!may.has('*') && !may.has(to)) bad.push(`${relative('.', f)} imports ${to}`)
      }
      if (from !== 'cli' && /from '(\.\.\/)+cli\//.test(readFileSync(f, 'utf8'))) bad.push(`${f} imports cli`)
    }
    expect(bad).toEqual([])
  })
})
