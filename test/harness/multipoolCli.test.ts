import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

const dir = mkdtempSync(join(tmpdir(), 'afk-mp-cli-'))
const afk = (args: string[]) =>
  spawnSync(process.execPath, ['bin/afk.mjs', ...args], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  })

describe('afk synth --pools and afk backtest on a market log (CLI)', () => {
  it('writes a 3-pool market, backtests dca on it, and refuses a scenario without --pools', () => {
    const log = join(dir, 'm.ndjson')
    const s = afk([
      'synth',
      '--seed',
      '11',
      '--pools',
      '3',
      '--events',
      '300',
      '--scenario',
      'range',
      '-o',
      log,
    ])
    expect(s.stderr).toBe('')
    expect(s.status).toBe(0)
    expect(s.stdout).toMatch(/300 events, 3 pools against numeraire/)
    expect(s.stdout.match(/^ {2}(ALFA|BRAVO|CHARLIE) /gm)).toHaveLength(3)

    const json = join(dir, 'r.json')
    const html = join(dir, 'r.html')
    const params = JSON.stringify({ amount: '1000000000000', slippageBps: 100 })
    const b = afk([
      'backtest',
      'agents/dca.ts',
      '--log',
      log,
      '--engine',
      'ts',
      '--params',
      params,
      '-o',
      json,
      '--html',
      html,
    ])
    expect(b.status).toBe(0)
    expect(b.stdout).toMatch(
      /Portfolio at the end: \d+ raw USD; weights USD \d\.\d{6}, ALFA \d\.\d{6}, BRAVO 0\.000000, CHARLIE 0\.000000/,
    )
    const report = JSON.parse(readFileSync(json, 'utf8'))
    expect(report.portfolio.assets.map((a: { token: { ticker: string } }) => a.token.ticker)).toEqual([
      'USD',
      'ALFA',
      'BRAVO',
      'CHARLIE',
    ])
    expect(report.meta.base.ticker).toBe('ALFA')
    expect(readFileSync(html, 'utf8')).toContain('Agent state timeline')

    // (the other refusals are covered without a process per case in multipoolSynth.test.ts)
    const out = join(dir, 'bad.ndjson')
    const r = afk(['synth', '--seed', '1', '--events', '300', '-o', out, '--scenario', 'crash'])
    expect(r.status).toBe(1)
    expect(r.stderr.split('\n')[0]).toMatch(/--scenario and --correlation-bps need --pools/)
    expect(existsSync(out)).toBe(false)
    // an unknown demo is refused loudly, nothing written
    const demo = afk(['demo', 'nope', '--out', join(dir, 'demo')])
    expect(demo.status).toBe(1)
    expect(demo.stderr).toMatch(/Unknown demo "nope" \(available: dca, hedge\)/)
    expect(existsSync(join(dir, 'demo'))).toBe(false)
  })
})
