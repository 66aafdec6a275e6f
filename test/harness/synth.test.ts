import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { BacktestConfigError } from '../../src/errors/harness.ts'
import { openLog } from '../../src/harness/log/openLog.ts'
import { botegaSwap, isqrt } from '../../src/harness/synth/botegaMath.ts'
import { Prng } from '../../src/harness/synth/Prng.ts'
import { synthPoolLog } from '../../src/harness/synth/synthPoolLog.ts'

const dir = mkdtempSync(join(tmpdir(), 'afk-synth-'))

describe('synthetic logs', () => {
  it('are byte-identical for a seed and differ across seeds', async () => {
    const [a, b, c] = ['a', 'b', 'c'].map((n) => join(dir, `${n}.ndjson`))
    await synthPoolLog({ seed: 5, events: 200, out: a })
    await synthPoolLog({ seed: 5, events: 200, out: b })
    await synthPoolLog({ seed: 6, events: 200, out: c })
    expect(readFileSync(a).equals(readFileSync(b))).toBe(true)
    expect(readFileSync(a).equals(readFileSync(c))).toBe(false)
  })

  it('write valid logs with the requested number of events, in nonce and time order', async () => {
    const f = join(dir, 'v.ndjson')
    const s = await synthPoolLog({ seed: 9, events: 300, out: f })
    const log = await openLog(f)
    expect(log.header.meta?.kind).toBe('botega-pool')
    let n = 0
    let t = 0
    for await (const r of log.records()) {
      expect(r.message.Timestamp).toBeGreaterThanOrEqual(t)
      t = r.message.Timestamp
      n++
    }
    expect(n).toBe(301) // spawn item + 300
    expect(s.events).toBe(300)
    expect(s.swaps + s.refunds).toBeGreaterThan(250)
    await expect(synthPoolLog({ seed: 1, events: 1, out: f })).rejects.toThrow(BacktestConfigError)
  })

  it('uses the documented Botega maths (amm-monitor golden swap) and exact integer helpers', () => {
    const q = botegaSwap({
      amountIn: 10n ** 20n,
      reserveIn: 1000n * 10n ** 18n,
      reserveOut: 1000n * 10n ** 18n,
      lpFeeBps: 20n,
      protocolFeeBps: 5n,
    })
    expect(q.out).toBe(90702432370993407592n)
    expect(q.reserveIn).toBe(1099950000000000000000n)
    expect(q.reserveOut).toBe(909297567629006592408n)
    for (const n of [0n, 1n, 15n, 16n, 10n ** 40n + 7n]) {
      const r = isqrt(n)
      expect(r * r <= n && (r + 1n) * (r + 1n) > n).toBe(true)
    }
  })

  it('has an integer PRNG with a fixed sequence and roughly normal draws', () => {
    const p = new Prng(1)
    const seq = [p.u32(), p.u32(), p.u32()]
    expect(new Prng(1).u32()).toBe(seq[0])
    let sum = 0n
    let sq = 0n
    const N = 4000
    for (let i = 0; i < N; i++) {
      const z = p.normal(1000n)
      sum += z
      sq += z * z
    }
    const mean = Number(sum) / N
    const sd = Math.sqrt(Number(sq) / N)
    expect(Math.abs(mean)).toBeLessThan(60)
    expect(sd).toBeGreaterThan(900)
    expect(sd).toBeLessThan(1100)
  })
})

describe('recorded swaps and confirmations', () => {
  it('reconstructs every swap request of a pool log and parses factory confirmations', async () => {
    const { recordedSwap, recordedConfirmation } = await import('../../src/harness/market/recordedSwaps.ts')
    const f = join(dir, 'rs.ndjson')
    const s = await synthPoolLog({ seed: 'rs', events: 200, out: f })
    let n = 0
    for await (const r of (await openLog(f)).records()) {
      const sw = recordedSwap(r.message)
      if (!sw) continue
      n++
      expect([s.base, s.quote]).toContain(sw.tokenIn)
      expect(sw.amountIn).toBeGreaterThan(0n)
      expect(sw.minOut).toBeGreaterThan(0n)
    }
    expect(n).toBe(s.swaps + s.refunds)
    const tags = Object.entries({
      Action: 'Order-Confirmation',
      'Order-Id': 'o1',
      'From-Token': s.quote,
      'From-Quantity': '100',
      'To-Token': s.base,
      'To-Quantity': '40',
      'Reserves-Token-A': '1000',
      'Reserves-Token-B': '2500',
      'Relay-To': 'me',
    }).map(([name, value]) => ({ name, value }))
    const c = recordedConfirmation({
      Owner: 'x',
      From: 'f',
      Target: 'me',
      Data: '',
      Tags: tags,
      Timestamp: 7,
      'Block-Height': 1,
      Cron: false,
    })
    expect(c).toMatchObject({
      orderId: 'o1',
      user: 'me',
      fromQuantity: 100n,
      toQuantity: 40n,
      reserves: { a: 1000n, b: 2500n },
    })
  })
})
