/**
 * A child of the sweep bench: `runs` backtests of one log (TS engine, DCA, the record cache prepared by the parent),
 * one after another, then prints the loop's wall-clock milliseconds (start-up excluded) on stdout.
 * Usage: node --conditions=afk-source --import tsx bench/backtestLoop.ts <log> <runs>
 */
import { hostClock } from '../src/ao/hostClock.ts'
import { runBacktest } from '../src/harness/backtest.ts'

const [log, runs] = [process.argv[2], Number(process.argv[3])]
const once = () =>
  runBacktest({
    strategy: 'agents/dca.ts',
    log,
    engine: 'ts',
    processes: 'model',
    params: { amount: '1000000000', slippageBps: 100 },
    recordCache: true,
  })
await once() // JIT warm-up, as a sweep worker gets from its first task
const t0 = hostClock.perf()
for (let i = 0; i < runs; i++) await once()
process.stdout.write(`${Math.round(hostClock.perf() - t0)}\n`)
