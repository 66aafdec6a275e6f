import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { BenchResult } from '../../src/cli/commands/bench.ts'
import {
  type BenchRun,
  TABLE_END,
  TABLE_START,
  updateBenchmarksMd,
  updateResultsJson,
} from '../../src/cli/commands/benchMarkdown.ts'
import { BenchmarksFileError } from '../../src/errors/bench.ts'

const row = (name: string, key: string | undefined, median: number | null): BenchResult => ({
  name,
  unit: 'msg/s',
  median,
  ...(key ? { key } : {}),
})
const run = (rows: BenchResult[], only?: string): BenchRun => ({
  rows,
  date: '2026-11-30T00:00:00.000Z',
  machine: 'test machine',
  env: { AFK_BENCH_RUNS: '3' },
  ...(only ? { only } : {}),
})
const around = (text: string) => {
  const a = text.indexOf(TABLE_START)
  const b = text.indexOf(TABLE_END) + TABLE_END.length
  return { before: text.slice(0, a), table: text.slice(a, b), after: text.slice(b) }
}

describe('bench --write keeps BENCHMARKS.md hand-written text', () => {
  it('replaces only the block between the markers of the real BENCHMARKS.md', () => {
    const md = readFileSync('BENCHMARKS.md', 'utf8')
    const out = updateBenchmarksMd(
      md,
      run([row('TS engine alone, DCA cycle', 'tsEngineStepsPerSec', 123_456)]),
    )
    const [was, now] = [around(md), around(out)]
    expect(now.before).toBe(was.before)
    expect(now.after).toBe(was.after)
    expect(was.after).toMatch(/Notes on this run/) // the hand-written sections are really there
    expect(now.table).toContain('| TS engine alone, DCA cycle | `tsEngineStepsPerSec` | 123,456 |')
    expect(now.table).not.toContain('sweepSpeedup') // a full run writes its own rows only
  })

  it('with --only, rows of this run replace rows of the same figure; the others stay', () => {
    const first = updateBenchmarksMd(null, run([row('a', 'compileMs', 1), row('b', 'sweepSpeedup', 2)]))
    expect(first.startsWith('# Benchmarks\n')).toBe(true)
    const second = updateBenchmarksMd(
      first,
      run([row('b', 'sweepSpeedup', 3), row('c', undefined, 4)], 'sweep'),
    )
    const lines = around(second)
      .table.split('\n')
      .filter((l) => l.startsWith('| ') && !l.startsWith('| figure') && !l.startsWith('| ---'))
    expect(
      lines.map((l) =>
        l
          .split('|')
          .slice(1, 4)
          .map((c) => c.trim()),
      ),
    ).toEqual([
      ['a', '`compileMs`', '1'],
      ['b', '`sweepSpeedup`', '3'],
      ['c', '', '4'],
    ])
    expect(second).toContain('rows of `--only sweep`')
  })

  it('with --only, a row replaces the row of the same key, or of the same name but another log size', () => {
    const first = updateBenchmarksMd(
      null,
      run([
        row('synth 100,000 events (in process)', undefined, 1),
        row('replay 100,000 events, full re-execution', 'replayEventsPerSec', 2),
        row('b', 'sweepSpeedup', 3),
      ]),
    )
    const second = updateBenchmarksMd(
      first,
      run(
        [
          row('synth 1,000,000 events (in process)', undefined, 4),
          row('replay 1,000,000 events, full re-execution', 'replayEventsPerSec', 5),
        ],
        'harness',
      ),
    )
    const names = around(second)
      .table.split('\n')
      .filter((l) => l.startsWith('| ') && !l.startsWith('| figure') && !l.startsWith('| ---'))
      .map((l) => l.split('|')[1].trim())
    expect(names).toEqual([
      'synth 1,000,000 events (in process)',
      'replay 1,000,000 events, full re-execution',
      'b',
    ])
  })

  it('refuses a file without markers, or with repeated ones, instead of dropping its text', () => {
    expect(() => updateBenchmarksMd('# Benchmarks\n\nhand-written\n', run([]))).toThrow(BenchmarksFileError)
    expect(() => updateBenchmarksMd(`${TABLE_START}\n${TABLE_END}\n${TABLE_END}\n`, run([]))).toThrow(
      /out of order or repeated/,
    )
    expect(() => updateBenchmarksMd(`${TABLE_END}\n${TABLE_START}\n`, run([]))).toThrow(/out of order/)
  })

  it('results.json: every key; unmeasured keys are null, or keep their value with --only', () => {
    const full = JSON.parse(updateResultsJson(null, run([row('x', 'compileMs', 2)])))
    expect(full.compileMs).toBe(2)
    expect(full.sweepSpeedup).toBeNull()
    expect(Object.keys(full)).toContain('tsEngineStepsPerSec')
    const partial = JSON.parse(
      updateResultsJson(
        JSON.stringify({ ...full, sweepSpeedup: 1.5 }),
        run([row('x', 'compileMs', 3)], 'compile'),
      ),
    )
    expect([partial.compileMs, partial.sweepSpeedup]).toEqual([3, 1.5])
    expect(() => updateResultsJson('{oops', run([], 'compile'))).toThrow(BenchmarksFileError)
  })

  it('through the CLI: --write --only rewrites the table and keeps the notes and the other figures', () => {
    const dir = mkdtempSync(join(tmpdir(), 'afk-bench-write-'))
    mkdirSync(join(dir, 'bench'))
    writeFileSync(
      join(dir, 'bench', 'tiny.bench.ts'),
      "export async function run() { return [{ key: 'compileMs', name: 'tiny figure', unit: 'ms', median: 7 }] }\n",
    )
    const md = `# Benchmarks\n\nintro by hand\n\n${TABLE_START}\nold\n\n| figure | key |\n| --- | --- |\n| tiny figure | \`compileMs\` | 9 |\n| kept figure | \`sweepSpeedup\` | 1.5 |\n${TABLE_END}\n\n## Notes by hand\n`
    writeFileSync(join(dir, 'BENCHMARKS.md'), md)
    writeFileSync(join(dir, 'bench', 'results.json'), JSON.stringify({ compileMs: 9, sweepSpeedup: 1.5 }))
    const r = spawnSync(process.execPath, [resolve('bin/afk.mjs'), 'bench', '--only', 'tiny', '--write'], {
      cwd: dir,
      encoding: 'utf8',
    })
    expect(r.stderr).toBe('')
    expect(r.status).toBe(0)
    const out = readFileSync(join(dir, 'BENCHMARKS.md'), 'utf8')
    expect(out.startsWith('# Benchmarks\n\nintro by hand\n\n')).toBe(true)
    expect(out.endsWith(`${TABLE_END}\n\n## Notes by hand\n`)).toBe(true)
    expect(out).toContain('| tiny figure | `compileMs` | 7 |')
    expect(out).toContain('| kept figure | `sweepSpeedup` | 1.5 |')
    const results = JSON.parse(readFileSync(join(dir, 'bench', 'results.json'), 'utf8'))
    expect([results.compileMs, results.sweepSpeedup]).toEqual([7, 1.5])
    // a file without markers is refused with a one-line error and left as it was
    writeFileSync(join(dir, 'BENCHMARKS.md'), '# Benchmarks\n\nall by hand\n')
    const refused = spawnSync(
      process.execPath,
      [resolve('bin/afk.mjs'), 'bench', '--only', 'tiny', '--write'],
      {
        cwd: dir,
        encoding: 'utf8',
      },
    )
    expect(refused.status).toBe(1)
    expect(refused.stderr).toMatch(/Cannot update BENCHMARKS\.md: it has no generated-table markers/)
    expect(readFileSync(join(dir, 'BENCHMARKS.md'), 'utf8')).toBe('# Benchmarks\n\nall by hand\n')
    // --only that names no file measures nothing: a one-line error, not an empty table
    const none = spawnSync(process.execPath, [resolve('bin/afk.mjs'), 'bench', '--only', 'nope', '--write'], {
      cwd: dir,
      encoding: 'utf8',
    })
    expect(none.status).toBe(1)
    expect(none.stderr).toMatch(
      /^error: No benchmark file in bench\/ matches --only "nope"\n {2}hint: the files are tiny\.bench\.ts\n$/,
    )
    expect(readFileSync(join(dir, 'BENCHMARKS.md'), 'utf8')).toBe('# Benchmarks\n\nall by hand\n')
  })
})
