import dca from '../agents/dca.ts'
import { hostClock } from '../src/ao/hostClock.ts'
import { makeId } from '../src/ao/ids.ts'
import { createEngine } from '../src/engine/createEngine.ts'
import { Stimulus } from '../test/utils/stimulus.ts'
import type { BenchResult } from './types.ts'

/** Messages per second through the DCA agent on each engine (a deposit/tick/quote/swap/fill cycle). */
export async function run(): Promise<BenchResult[]> {
  const ids = { base: makeId('b'), quote: makeId('q'), pool: makeId('p') }
  const params = { ...ids, amount: '1000', slippageBps: 100 }
  const out: BenchResult[] = []
  for (const kind of ['ts', 'lua'] as const) {
    const { engine } = await createEngine({
      kind,
      strategy: dca,
      params,
      id: makeId('agent'),
      owner: makeId('owner'),
      timestamp: 1e12,
      blockHeight: 1,
    })
    const st = new Stimulus(engine.id, makeId('owner'), { base: ids.base, quote: ids.quote }, ids.pool, 1e12)
    await engine.handle(st.deposit('quote', 10n ** 30n))
    const snap = async () => JSON.parse(await engine.statusJson())
    const t0 = hostClock.perf()
    let n = 0
    for (let i = 0; i < 200; i++) {
      await engine.handle(st.tick(3_600_000))
      const q = Object.values((await snap()).orders as Record<string, Record<string, string>>).find(
        (o) => o.kind === 'quote',
      )!
      await engine.handle(st.quoteReply(q, 900n))
      const s = Object.values((await snap()).orders as Record<string, Record<string, string>>).find(
        (o) => o.kind === 'swap',
      )!
      await engine.handle(st.fill(s, 950n))
      n += 3
    }
    const ms = hostClock.perf() - t0
    out.push({
      name: `DCA cycle on ${kind} engine (incl. Status reads)`,
      unit: 'msg/s',
      median: Math.round((n / ms) * 1000),
    })
  }
  return out
}
