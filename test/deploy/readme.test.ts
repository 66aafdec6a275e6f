import { type ChildProcess, spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { testWallets } from '../devnet/testWallets.ts'

const REPO = resolve(import.meta.dirname, '../..')
const AFK = join(REPO, 'bin/afk.mjs')

/** The quick-start block of the README's "Deploy and operate" section: its `npx afk …` lines. */
function quickStart(): { args: string[]; background: boolean; line: string }[] {
  const readme = readFileSync(join(REPO, 'README.md'), 'utf8')
  const section = readme.slice(readme.indexOf('## Deploy and operate'))
  const block = /```sh\n([\s\S]*?)```/.exec(section)?.[1] ?? ''
  return block
    .split('\n')
    .map((l) => l.replace(/\s+#.*$/, '').trim())
    .filter((l) => l.startsWith('npx afk '))
    .map((line) => {
      const background = line.endsWith('&')
      return { line, background, args: line.replace(/&$/, '').trim().split(/\s+/).slice(2) }
    })
}

describe('README quick start (deploy path) runs as written', () => {
  const children: ChildProcess[] = []
  afterAll(() => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGINT')
  })

  it('devnet start, deploy (after a deploy killed right after spawn), status, ui', async () => {
    const lines = quickStart()
    expect(lines.map((l) => l.args.slice(0, 2).join(' '))).toEqual([
      'devnet start',
      'deploy agents/dca.ts',
      'status dca',
      'ui --port',
    ])
    // a fresh project directory: the repo's agents, and (to skip RSA key generation) the suite's devnet wallets
    const cwd = mkdtempSync(join(tmpdir(), 'afk-readme-'))
    symlinkSync(join(REPO, 'agents'), join(cwd, 'agents'))
    mkdirSync(join(cwd, '.afk'))
    writeFileSync(join(cwd, '.afk/devnet-wallets.json'), JSON.stringify(await testWallets()), { mode: 0o600 })
    /** Runs one line (`npx afk` = bin/afk.mjs); resolves with its output once `ready` matches or it exits. */
    const run = (args: string[], ready?: RegExp, env: Record<string, string> = {}) =>
      new Promise<{ out: string; err: string; code: number | null }>((done, fail) => {
        const child = spawn(process.execPath, [AFK, ...args], {
          cwd,
          stdio: ['ignore', 'pipe', 'pipe'],
          env: { ...process.env, ...env },
        })
        children.push(child)
        let out = ''
        let err = ''
        child.stdout.on('data', (d) => {
          out += d
          if (ready?.test(out)) done({ out, err, code: null })
        })
        child.stderr.on('data', (d) => (err += d))
        child.once('exit', (code) =>
          ready ? fail(new Error(`${args.join(' ')} exited ${code}: ${err}`)) : done({ out, err, code }),
        )
      })
    const [start, deploy, status, ui] = lines
    const net = await run(start.args, /\n}\n$/)
    expect(JSON.parse(net.out).processes.pool).toMatch(/^[A-Za-z0-9_-]{43}$/)
    // first the deploy is killed (SIGKILL) right after its spawn step was recorded ...
    const killed = await run(deploy.args, undefined, { AFK_DEPLOY_KILL_AFTER: 'spawn' })
    expect(killed.code).not.toBe(0)
    const half = JSON.parse(readFileSync(join(cwd, 'afk.deployments.json'), 'utf8')).deployments.dca
    expect(half.steps.spawn).toMatchObject({ state: 'done', runs: 1 })
    expect(half.steps.load.state).toBe('pending')
    // ... then the README's line resumes it: same process, every step done once
    const d = await run(deploy.args)
    expect(d.code, d.err).toBe(0)
    expect(d.out.trim()).toBe(half.processId)
    const steps = JSON.parse(readFileSync(join(cwd, 'afk.deployments.json'), 'utf8')).deployments.dca.steps
    for (const st of ['spawn', 'load', 'monitor', 'verify'])
      expect(steps[st], st).toMatchObject({ state: 'done', runs: 1 })
    expect(d.out).toMatch(/^[A-Za-z0-9_-]{43}\n$/)
    expect(d.err).toMatch(/verify: done/)
    const s = await run(status.args)
    expect(s.code, s.err).toBe(0)
    expect(s.out).toContain(`dca  ${d.out.trim()}  (local)`)
    const u = await run(ui.args, /^http:\/\/127\.0\.0\.1:\d+\/\n/)
    const page = await fetch(u.out.trim())
    expect(page.status).toBe(200)
    expect(await page.text()).toContain('<title>afk agents</title>')
    const api = (await (await fetch(`${u.out.trim()}api/agents`)).json()) as { name: string; state: string }[]
    expect(api.map((a) => [a.name, a.state])).toEqual([['dca', 'idle']])
  }, 120_000)
})
