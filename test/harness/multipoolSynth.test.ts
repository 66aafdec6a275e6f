import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { BacktestConfigError, LogParseError } from '../../src/errors/harness.ts'
import { LogWriter } from '../../src/harness/log/LogWriter.ts'
import { openMarketLog } from '../../src/harness/log/openMarketLog.ts'
import { CorrelatedNormals, cholesky, uniformCorrelation } from '../../src/harness/synth/correlatedNormals.ts'
import { Prng } from '../../src/harness/synth/Prng.ts'
import { parseScenario, scenarioPpm } from '../../src/harness/synth/scenario.ts'
import { synthMarketLog } from '../../src/harness/synth/synthMarketLog.ts'

const dir = mkdtempSync(join(tmpdir(), 'afk-multipool-'))

/** Sample correlation of two integer series (test-side statistics only). */
function corr(a: number[], b: number[]): number {
  const n = a.length
  const ma = a.reduce((s, x) => s + x, 0) / n
  const mb = b.reduce((s, x) => s + x, 0) / n
  let ab = 0
  let aa = 0
  let bb = 0
  for (let i = 0; i < n; i++) {
    ab += (a[i] - ma) * (b[i] - mb)
    aa += (a[i] - ma) ** 2
    bb += (b[i] - mb) ** 2
  }
  return ab / Math.sqrt(aa * bb)
}

describe('correlated prices', () => {
  it('factor a correlation matrix (L·Lᵀ = C) and refuse one that is not positive definite', () => {
    const l = cholesky([
      [1, 0.6],
      [0.6, 1],
    ])
    expect(l[0]).toEqual([1, 0])
    expect(l[1][0]).toBe(0.6)
    expect(l[1][1]).toBeCloseTo(0.8, 15)
    expect(() => cholesky(uniformCorrelation(3, -0.6))).toThrow(/not positive definite/)
    expect(() =>
      cholesky([
        [1, 0.5],
        [0.4, 1],
      ]),
    ).toThrow(/not symmetric/)
  })

  it('draw integers whose sample correlation follows the matrix', () => {
    for (const rho of [0.8, 0]) {
      const g = new CorrelatedNormals(new Prng('corr'), uniformCorrelation(2, rho))
      const a: number[] = []
      const b: number[] = []
      for (let i = 0; i < 3000; i++) {
        const [x, y] = g.next()
        expect(typeof x).toBe('bigint')
        a.push(Number(x))
        b.push(Number(y))
      }
      expect(Math.abs(corr(a, b) - rho)).toBeLessThan(0.06)
    }
  })

  it('lay a 30 % crash and its recovery over the path', () => {
    expect(scenarioPpm('crash', 0n, 100n)).toBe(1_000_000n)
    expect(scenarioPpm('crash', 50n, 100n)).toBe(700_000n)
    expect(scenarioPpm('crash', 75n, 100n)).toBe(850_000n)
    expect(scenarioPpm('crash', 95n, 100n)).toBe(1_000_000n)
    expect(scenarioPpm('trend', 100n, 100n)).toBe(1_500_000n)
    expect(() => parseScenario('moon')).toThrow(/Unknown scenario "moon" \(use gbm, trend, range, crash\)/)
  })
})

describe('afk synth --pools', () => {
  it('is byte-identical for a seed, differs across seeds, and describes the market in its header', async () => {
    const [a, b, c] = ['a', 'b', 'c'].map((n) => join(dir, `${n}.ndjson`))
    const r = await synthMarketLog({ seed: 4, pools: 3, events: 300, out: a })
    await synthMarketLog({ seed: 4, pools: 3, events: 300, out: b })
    await synthMarketLog({ seed: 5, pools: 3, events: 300, out: c })
    expect(readFileSync(a).equals(readFileSync(b))).toBe(true)
    expect(readFileSync(a).equals(readFileSync(c))).toBe(false)
    const m = await openMarketLog(a)
    expect(m.headers.map((h) => h.processId)).toEqual(r.assets.map((x) => x.pool))
    expect(m.meta.numeraire).toBe(r.numeraire)
    expect(m.meta.assets).toBe(r.assets.map((x) => x.token).join(','))
    for (const [i, h] of m.headers.entries()) {
      expect(h.meta?.quote).toBe(r.numeraire)
      expect(h.meta?.[`denomination:${r.assets[i].token}`]).toBe('12')
    }
    let n = 0
    let spawns = 0
    const last = new Map<string, Record<string, string>>()
    for await (const r2 of m.records()) {
      if (r2.spawn) spawns++
      else n++
      last.set(r2.message.Target as string, r2.node.afk?.reserves ?? {})
    }
    expect([spawns, n]).toEqual([3, 300])
    expect(r.assets.reduce((s, x) => s + x.events, 0)).toBe(300)
    // every pool's last annotation is the generator's final book
    for (const x of r.assets)
      expect(last.get(x.pool)).toEqual({ [x.token]: x.reserves.asset, [r.numeraire]: x.reserves.numeraire })
    await expect(synthMarketLog({ seed: 1, pools: 9, events: 300, out: a })).rejects.toThrow(
      /--pools must be/,
    )
    const bad = join(dir, 'never.ndjson')
    await expect(
      synthMarketLog({ seed: 1, pools: 3, events: 300, out: bad, correlationBps: -9000 }),
    ).rejects.toThrow(BacktestConfigError)
    expect(existsSync(bad)).toBe(false)
  })

  it('crash: pool prices fall about 30 % mid-log and recover by the end', async () => {
    const f = join(dir, 'crash.ndjson')
    const r = await synthMarketLog({
      seed: 2,
      pools: 3,
      events: 3000,
      out: f,
      scenario: 'crash',
      volatilityBps: 4,
    })
    const m = await openMarketLog(f)
    const price = new Map<string, number>() // numeraire per asset, per pool
    const startP = new Map<string, number>()
    const mid: number[] = []
    let k = 0
    for await (const rec of m.records()) {
      if (rec.spawn) continue
      k++
      const pool = rec.message.Target as string
      const a = r.assets.find((x) => x.pool === pool)
      const res = rec.node.afk?.reserves ?? {}
      if (!a || !res[a.token] || res[a.token] === '0') continue
      price.set(pool, Number(res[r.numeraire]) / Number(res[a.token]))
      if (k === 300) for (const x of r.assets) startP.set(x.pool, price.get(x.pool) as number)
      if (k === 1560)
        for (const x of r.assets) mid.push((price.get(x.pool) as number) / (startP.get(x.pool) as number))
    }
    const end = r.assets.map((x) => (price.get(x.pool) as number) / (startP.get(x.pool) as number))
    for (const v of mid) expect(v).toBeLessThan(0.8)
    for (const v of mid) expect(v).toBeGreaterThan(0.6)
    for (const v of end) expect(v).toBeGreaterThan(0.9)
  })
})

describe('several logs as one market', () => {
  it('merge by timestamp and nonce into the same stream as the market log, and refuse bad inputs', async () => {
    const f = join(dir, 'm.ndjson')
    const r = await synthMarketLog({ seed: 8, pools: 3, events: 240, out: f })
    const m = await openMarketLog(f)
    // split into one single-process log per pool
    const files = r.assets.map((x) => join(dir, `split-${x.ticker}.ndjson`))
    const writers = await Promise.all(
      m.headers.map((h, i) =>
        LogWriter.open(files[i], { processId: h.processId, process: h.process, meta: h.meta }),
      ),
    )
    const order: string[] = []
    for await (const rec of m.records()) {
      order.push(rec.node.assignment.id)
      await writers[m.headers.findIndex((h) => h.processId === rec.message.Target)].write(rec.node)
    }
    for (const w of writers) await w.close()
    const merged = await openMarketLog([files[2], files[0], files[1]])
    const got: string[] = []
    for await (const rec of merged.records()) got.push(rec.node.assignment.id)
    // spawn items share a timestamp and nonce 0: they come in command-line order; everything else as in the market log
    expect(got.slice(3)).toEqual(order.slice(3))
    expect(new Set(got.slice(0, 3))).toEqual(new Set(order.slice(0, 3)))

    await expect(openMarketLog([files[0], files[0]])).rejects.toThrow(/also in/)
    // a file whose timestamps go backwards cannot be merged
    const lines = readFileSync(files[1], 'utf8').trimEnd().split('\n')
    const bad = join(dir, 'bad.ndjson')
    const node = JSON.parse(lines[5])
    for (const t of node.assignment.tags) if (t.name === 'Timestamp') t.value = '1'
    lines[5] = JSON.stringify(node)
    writeFileSync(bad, `${lines.join('\n')}\n`)
    const it = (await openMarketLog([files[0], bad])).records()
    await expect(
      (async () => {
        for await (const _ of it) {
        }
      })(),
    ).rejects.toThrow(LogParseError)
  })
})
