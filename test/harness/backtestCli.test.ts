import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { logEndLine } from '../../src/harness/log/schema.ts'

const dir = mkdtempSync(join(tmpdir(), 'afk-bt-cli-'))
const params = JSON.stringify({ amount: '1000000000000', slippageBps: 100 })
const afk = (args: string[]) =>
  spawnSync(process.execPath, ['bin/afk.mjs', ...args], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  })

/** The first `n` messages of the demo log, with the header meta replaced. */
function demoPrefix(name: string, meta: Record<string, string> | undefined, n = 300): string {
  const lines = readFileSync('samples/botega-demo.ndjson', 'utf8').split('\n')
  const header = JSON.parse(lines[0])
  const f = join(dir, name)
  writeFileSync(
    f,
    `${[JSON.stringify({ ...header, meta, records: undefined }), ...lines.slice(1, n + 2), logEndLine(n + 1)].join('\n')}\n`,
  )
  return f
}

describe('afk backtest (CLI outputs)', () => {
  it('--json prints the JSON report (with the equity series) on stdout, and nothing else (issue 12 item 8)', () => {
    const log = demoPrefix(
      'json.ndjson',
      JSON.parse(readFileSync('samples/botega-demo.ndjson', 'utf8').split('\n')[0]).meta,
      120,
    )
    const r = afk([
      'backtest',
      'agents/dca.ts',
      '--log',
      log,
      '--engine',
      'ts',
      '-p',
      params,
      '--json',
      '--deposit',
      '126',
    ])
    expect(r.status).toBe(0)
    const report = JSON.parse(r.stdout)
    expect(report.schema).toBe('afk.backtest-report/1')
    expect(report.samples.length).toBeGreaterThan(10)
    // --deposit is in whole quote tokens (12 decimals here); --raw would take base units
    expect(report.cashflows[0].amount).toBe('126000000000000')
    expect(r.stderr).toMatch(/^\nLog: 120 messages/)
  })

  it('--bias writes its side file atomically with the report, and a later run removes a stale one', () => {
    const log = demoPrefix(
      'bias.ndjson',
      JSON.parse(readFileSync('samples/botega-demo.ndjson', 'utf8').split('\n')[0]).meta,
    )
    const json = join(dir, 'bias-out.json')
    const bias = `${json}.bias.json`
    const base = ['backtest', 'agents/dca.ts', '--log', log, '--engine', 'ts', '--params', params, '-o', json]
    const withBias = afk([...base, '--bias'])
    expect(withBias.stderr).toBe('')
    expect(withBias.status).toBe(0)
    expect(JSON.parse(readFileSync(bias, 'utf8')).rule).toMatch(/Lagged replay/)
    expect(readdirSync(dir).filter((f) => f.includes('.partial-'))).toEqual([])
    // without --bias, the earlier side file must not survive next to the new report
    const plain = afk(base)
    expect(plain.status).toBe(0)
    expect(existsSync(json)).toBe(true)
    expect(existsSync(bias)).toBe(false)
  })

  it('warns and flags assumed denominations; --base/--quote-denomination silence it', () => {
    const log = demoPrefix('bare.ndjson', undefined)
    const json = join(dir, 'bare.json')
    const base = ['backtest', 'agents/dca.ts', '--log', log, '--engine', 'ts', '--params', params, '-o', json]
    const assumed = afk(base)
    expect(assumed.status).toBe(0)
    expect(assumed.stderr).toMatch(/assuming 12 decimals/)
    expect(JSON.parse(readFileSync(json, 'utf8')).meta.denominationAssumed).toBe(true)
    const given = afk([...base, '--base-denomination', '12', '--quote-denomination', '6'])
    expect(given.stderr).toBe('')
    expect(given.status).toBe(0)
    const meta = JSON.parse(readFileSync(json, 'utf8')).meta
    expect(meta.denominationAssumed).toBeUndefined()
    expect([meta.base.denomination, meta.quote.denomination]).toEqual([12, 6])
    const bad = afk([...base, '--base-denomination', 'x'])
    expect(bad.status).not.toBe(0)
    expect(bad.stderr).toMatch(/--base-denomination must be an integer 0\.\.99/)
  })

  it('afk sweep warns once when denominations are assumed; the options silence it', () => {
    const log = demoPrefix('sweep.ndjson', undefined, 150)
    const out = join(dir, 'sweep.json')
    const args = [
      'sweep',
      'agents/dca.ts',
      '--log',
      log,
      '--grid',
      'amount=1000000000000',
      '--grid',
      'slippageBps=100',
      '--engine',
      'ts',
    ]
    const assumed = afk([...args, '--workers', '1', '--rank-by', 'twr', '-o', out])
    expect(assumed.status).toBe(0)
    expect(assumed.stderr.match(/assuming 12 decimals/g)).toHaveLength(1)
    const given = afk([
      ...args,
      '--workers',
      '1',
      '--rank-by',
      'twr',
      '-o',
      out,
      '--base-denomination',
      '12',
      '--quote-denomination',
      '12',
    ])
    expect(given.stderr).toBe('')
    expect(given.status).toBe(0)
  })
})
