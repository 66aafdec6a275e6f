// Quick sweep probe (not part of `npm run bench`, whose file names end in .bench.ts): wall and CPU (this process and
// its reaped worker processes) of the bench's 16-point sweep with 1 and 2 workers, alternating, `rounds` times.
// Run: node --experimental-wasm-memory64 --import tsx --conditions=afk-source bench/sweepProbe.ts [rounds] [thread]
import { existsSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { hostClock } from '../src/ao/hostClock.ts'
import { formatSweepJson } from '../src/harness/sweep/formatSweep.ts'
import { parseGrid } from '../src/harness/sweep/parseGrid.ts'
import { prepareSweepLog } from '../src/harness/sweep/prepareSweepLog.ts'
import { runSweep } from '../src/harness/sweep/runSweep.ts'
import { synthPoolLog } from '../src/harness/synth/synthPoolLog.ts'
import { childCpuSeconds, cpuSeconds } from './measure.ts'

const childCpu = () => childCpuSeconds() ?? 0
const rounds = Number(process.argv[2] ?? 2)
const pool = process.argv[3] === 'thread' ? 'thread' : 'process'
const log = join(tmpdir(), 'afk-sweep-probe.ndjson')
if (!existsSync(log)) await synthPoolLog({ seed: 11, events: 10_000, out: log })
await prepareSweepLog(log)
const grid = parseGrid(['amount=1000000000,2000000000,3000000000,4000000000', 'slippageBps=50,100,150,200'])
const outs = new Set<string>()
// the log's record cache is built above, once; every run below reads it
for (let i = 0; i < rounds; i++) {
  for (const workers of i % 2 ? [2, 1] : [1, 2]) {
    const t0 = hostClock.perf()
    const c0 = cpuSeconds() + childCpu()
    const r = await runSweep(
      { strategy: 'agents/dca.ts', log, grid, rankBy: 'sharpe', workers, backtest: { engine: 'ts' } },
      { pool },
    )
    outs.add(formatSweepJson(r))
    const wall = (hostClock.perf() - t0) / 1000
    const cpu = cpuSeconds() + childCpu() - c0
    console.log(
      `workers=${workers} wall=${wall.toFixed(2)}s cpu=${cpu.toFixed(2)}s load=${loadavg()[0].toFixed(2)}`,
    )
  }
}
console.log(`outputs identical: ${outs.size === 1}`)
