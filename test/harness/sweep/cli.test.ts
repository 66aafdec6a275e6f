import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

const afk = (args: string[]) =>
  spawnSync(process.execPath, ['bin/afk.mjs', ...args], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  })

describe('afk sweep (CLI)', () => {
  it('writes a ranked JSON file through worker processes', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'afk-sweep-')), 'sweep.json')
    const r = afk([
      'sweep',
      'agents/dca.ts',
      '--log',
      'fixtures/dca.jsonl',
      '--grid',
      'amount=500000000000,1000000000000',
      '--grid',
      'hours=48',
      '--rank-by',
      'twr',
      '--workers',
      '2',
      '-o',
      out,
      '--runner',
      'test/harness/sweep/fakeBacktest.ts',
    ])
    expect(r.stderr).toBe('')
    expect(r.status).toBe(0)
    expect(r.stdout).toMatch(/^#\s+amount\s+hours\s+twr/)
    const json = JSON.parse(readFileSync(out, 'utf8'))
    expect(json.rows.map((x: { rank: number }) => x.rank)).toEqual([1, 2])
    expect(json.rankBy).toBe('twr')
  })
  it('exits 1 with a typed error for a bad output extension', () => {
    const r = afk(['sweep', 'agents/dca.ts', '--log', 'x.jsonl', '--grid', 'a=1', '-o', 'out.txt'])
    expect(r.status).toBe(1)
    expect(r.stderr).toContain('Invalid -o/--out: "out.txt" must end in .csv or .json')
  })
})
