import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { DEMO } from '../../src/cli/commands/demo.ts'
import { runBacktest } from '../../src/harness/backtest.ts'
import { formatReportJson } from '../../src/harness/report/buildReport.ts'

describe('demo sample', () => {
  it('--engine both agrees on the demo sample (TS and Lua in lockstep, outbox and Status after every message)', async () => {
    const both = await runBacktest({ ...DEMO, engine: 'both', processes: 'model' })
    expect(both.counts.ticks).toBeGreaterThan(100)
    const ts = await runBacktest({ ...DEMO, engine: 'ts', processes: 'model' })
    expect(formatReportJson({ ...both, meta: { ...both.meta, engine: 'ts' } })).toBe(formatReportJson(ts))
  })

  it('npm run demo writes reports/demo.{html,json}', () => {
    const out = mkdtempSync(join(tmpdir(), 'afk-demo-'))
    const r = spawnSync(process.execPath, ['bin/afk.mjs', 'demo', '--out', out], { encoding: 'utf8' })
    expect(r.stderr).toBe('')
    expect(r.status).toBe(0)
    expect(r.stdout).toMatch(/Reports: .*demo\.html/)
    const json = JSON.parse(readFileSync(join(out, 'demo.json'), 'utf8'))
    expect(json.meta.engine).toBe('lua')
    expect(json.trades.length).toBeGreaterThan(100)
    expect(readFileSync(join(out, 'demo.html'), 'utf8')).toMatch(/<html/i)
  })
})
