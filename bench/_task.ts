import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runBacktest } from '/work/wt/sweepproc/src/harness/backtest.ts'
import { computeMetrics } from '/work/wt/sweepproc/src/harness/metrics/computeMetrics.ts'

const log = join(tmpdir(), 'afk-sweep-probe.ndjson')
const n = Number(process.argv[2] ?? 6)
const cpu = () => {
  const u = process.cpuUsage()
  return (u.user + u.system) / 1e6
}

import { readFileSync } from 'node:fs'

const main = () => {
  const f = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8')
  const r = f.slice(f.lastIndexOf(')') + 2).split(' ')
  return (Number(r[11]) + Number(r[12])) / 100
}
const t0 = performance.now(),
  c0 = cpu(),
  m0 = main()
for (let i = 0; i < n; i++) {
  const r = await runBacktest({
    strategy: 'agents/dca.ts',
    log,
    engine: 'ts',
    recordCache: true,
    params: { amount: String(1e9 * (1 + (i % 4))), slippageBps: 50 },
  } as never)
  computeMetrics(r)
}
const w = (performance.now() - t0) / 1000,
  c = cpu() - c0,
  m = main() - m0
console.log(
  `${process.execArgv.filter((a) => a.startsWith('--max') || a.startsWith('--single') || a.startsWith('--heap') || a.startsWith('--min')).join(' ') || '(default)'}: per task wall ${(w / n).toFixed(3)} cpu ${(c / n).toFixed(3)} main ${(m / n).toFixed(3)} u=${(c / m).toFixed(2)} rss ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)}MB`,
)
