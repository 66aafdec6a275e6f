import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { hostClock } from '../src/ao/hostClock.ts'
import { compile } from '../src/compiler/compile.ts'
import { loadStrategy } from '../src/engine/loadStrategy.ts'
import type { BenchResult } from './types.ts'

/** Warm compile time of every agent in agents/ (params from agents/<name>.params.json). Target: < 100 ms. */
export async function run(): Promise<BenchResult[]> {
  const out: BenchResult[] = []
  for (const f of readdirSync('agents')
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    .sort()) {
    const name = f.replace(/\.ts$/, '')
    const pf = join('agents', `${name}.params.json`)
    if (!existsSync(pf)) continue
    const strategy = await loadStrategy(join('agents', f))
    const params = JSON.parse(readFileSync(pf, 'utf8'))
    for (let i = 0; i < 5; i++) compile(strategy, params) // warm-up
    const times: number[] = []
    for (let i = 0; i < 30; i++) {
      const t0 = hostClock.perf()
      const r = compile(strategy, params)
      times.push(hostClock.perf() - t0)
      if (!r.lua) throw new Error(`${name} does not compile`)
    }
    times.sort((a, b) => a - b)
    out.push({
      ...(name === 'dca' ? { key: 'compileMs' } : {}),
      min: times[times.length - 1],
      name: `compile ${name} (warm)`,
      unit: 'ms',
      median: times[15],
      p95: times[28],
      target: '< 100 ms',
      ok: times[28] < 100,
    })
  }
  return out
}
