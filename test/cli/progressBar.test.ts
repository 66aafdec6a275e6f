import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { sweepCommand } from '../../src/cli/commands/sweep.ts'
import { chainedProgress, type ProgressBar, progressBar } from '../../src/cli/output.ts'
import { synthPoolLog } from '../../src/harness/synth/synthPoolLog.ts'

/** the escape character that starts every terminal control sequence (cursor moves, line clears) */
const ESC = String.fromCharCode(27)

/** A stream that says it is a terminal and keeps what was written. */
function fakeStream(isTTY: boolean) {
  const chunks: string[] = []
  const stream = new Writable({
    write(chunk, _enc, cb) {
      chunks.push(String(chunk))
      cb()
    },
  }) as Writable & { isTTY: boolean; columns: number }
  stream.isTTY = isTTY
  stream.columns = 120
  return { stream, text: () => chunks.join('') }
}

describe('progressBar', () => {
  it('shows done/total, the rate in events/s and an ETA on a terminal once the delay has passed', () => {
    const { stream, text } = fakeStream(true)
    const bar = progressBar('backtest', 'events', { stream, delayMs: 0 })
    bar.update(2500, 10_000)
    bar.update(5000, 10_000)
    bar.stop()
    const out = text()
    expect(out).toMatch(/backtest \[[^\]]+\] 50% \| 5000\/10000 events \| [\d,]+ events\/s \| eta \S+/)
  })
  it('prints nothing on a pipe, and nothing when the work ends within the delay', () => {
    const pipe = fakeStream(false)
    const a = progressBar('synth', 'events', { stream: pipe.stream, delayMs: 0 })
    a.update(1, 2)
    a.stop()
    expect(pipe.text()).toBe('')
    const quick = fakeStream(true)
    const b = progressBar('synth', 'events', { stream: quick.stream, delayMs: 60_000 })
    b.update(1, 2)
    b.update(2, 2)
    b.stop()
    expect(quick.text()).toBe('')
  })
  it('chains runs on one bar: totals count the remaining runs, done never goes back', () => {
    const seen: [number, number][] = []
    const bar: ProgressBar = { update: (d, t) => seen.push([d, t]), stop: () => {} }
    const on = chainedProgress(bar, 3)
    for (const [d, t] of [
      [500, 1000],
      [1000, 1000],
      [500, 1000],
      [1000, 1000],
      [400, 800],
      [800, 800],
    ])
      on(d, t)
    expect(seen).toEqual([
      [500, 3000],
      [1000, 3000],
      [1500, 3000],
      [2000, 3000],
      [2400, 2800],
      [2800, 2800],
    ])
  })
})

describe('afk sweep progress', () => {
  it('counts replayed events over all runs, with events/s and an ETA', async () => {
    const log = join(mkdtempSync(join(tmpdir(), 'afk-sweep-progress-')), 'pool.ndjson')
    await synthPoolLog({ seed: 'sweep-progress', events: 300, out: log })
    const tty = fakeStream(true)
    const sink = fakeStream(false)
    const saved = process.env.AFK_PROGRESS_DELAY_MS
    process.env.AFK_PROGRESS_DELAY_MS = '0'
    try {
      await sweepCommand({
        strategy: 'agents/dca.ts',
        log,
        grid: ['amount=500000000000,2000000000000'],
        param: ['slippageBps=100'],
        rankBy: 'twr',
        engine: 'ts',
        workers: '1',
        progress: tty.stream,
        stdout: sink.stream,
      })
    } finally {
      if (saved === undefined) delete process.env.AFK_PROGRESS_DELAY_MS
      else process.env.AFK_PROGRESS_DELAY_MS = saved
    }
    expect(tty.text()).toMatch(/sweep \[[^\]]*\] 100% \| 600\/600 events \| [\d,]+ events\/s \| eta/)
    expect(sink.text()).toMatch(/^#\s+amount\s+twr/)
  })
})

// The CLI under a pseudo-terminal (util-linux `script`): the bar appears on the terminal, never in the JSON on stdout.
const hasScript = spawnSync('script', ['--version']).status === 0
describe.skipIf(!hasScript)('progress bars under a pseudo-terminal', () => {
  const dir = mkdtempSync(join(tmpdir(), 'afk-progress-'))
  // no 1 s delay here: the bar must show however fast the machine is (the delay is tested above)
  const env = { ...process.env, NO_COLOR: '1', AFK_PROGRESS_DELAY_MS: '0' }
  const pty = (cmd: string) =>
    spawnSync('script', ['-q', '-e', '-c', cmd, '/dev/null'], { encoding: 'utf8', env, timeout: 120_000 })
  it('afk synth and afk backtest --json show events/s and an ETA on the terminal only', () => {
    const log = join(dir, 'pool.ndjson')
    const synth = pty(`node bin/afk.mjs synth --seed 5 --events 10000 -o ${log}`)
    expect(synth.status).toBe(0)
    expect(synth.stdout).toMatch(/synth \[[^\]]*\] +\d+% \| \d+\/10001 events \| [\d,]+ events\/s \| eta/)
    // the same command on a pipe: no bar
    const piped = spawnSync('node', ['bin/afk.mjs', 'synth', '--seed', '5', '--events', '10000', '-o', log], {
      encoding: 'utf8',
      env,
    })
    expect(piped.status).toBe(0)
    expect(piped.stdout + piped.stderr).not.toContain('events/s')
    expect(piped.stdout + piped.stderr).not.toContain(ESC)
    const json = join(dir, 'report.json')
    const params = join(dir, 'params.json')
    writeFileSync(params, JSON.stringify({ amount: '1000000000', slippageBps: 50 }))
    const bt = pty(
      `node bin/afk.mjs backtest agents/dca.ts --log ${log} -p ${params} --engine ts --max-events 3000 --json > ${json}`,
    )
    expect(bt.status).toBe(0)
    expect(bt.stdout).toMatch(/backtest \[[^\]]*\] +\d+% \| \d+\/3000 events \| [\d,]+ events\/s \| eta/)
    expect(existsSync(json)).toBe(true)
    const text = readFileSync(json, 'utf8')
    expect(text).not.toContain('events/s')
    expect(text).not.toContain(ESC)
    expect(JSON.parse(text).meta.log.events).toBe(3000)
  })
})
