import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { AosProcess } from '../../src/ao/AosProcess.ts'
import { makeId } from '../../src/ao/ids.ts'
import { openLog } from '../../src/harness/log/openLog.ts'
import { buildMarket } from '../../src/harness/market/buildMarket.ts'
import { marketInfo } from '../../src/harness/market/marketInfo.ts'
import { synthPoolLog } from '../../src/harness/synth/synthPoolLog.ts'
import { World } from '../../src/harness/world/World.ts'
import { spawnReferenceProcess } from '../../src/processes/referenceProcess.ts'

/**
 * Issue 12 item 5: a `--processes lua` market's cost per message must not grow with the log. aos runs a full
 * `collectgarbage()` after every message, so anything a process keeps per message (aos's Inbox keeps every unhandled
 * one, e.g. each `Debit-Notice` a pool gets) makes the whole replay quadratic. Checked by what the processes keep
 * (Inbox length and live Lua heap after many unhandled messages), not by timing.
 */
const probe = async (p: AosProcess, i: number) =>
  (
    await p.eval('return #Inbox .. "," .. math.floor(collectgarbage("count"))', {
      id: makeId(`probe:${p.id}:${i}`),
      timestamp: 1e12,
      blockHeight: 1,
    })
  )
    .split(',')
    .map(Number)

const notice = (target: string, i: number, from: string) => ({
  Id: makeId(`notice:${target}:${i}`),
  Owner: from,
  From: from,
  Target: target,
  Data: 'x'.repeat(1500),
  Tags: [
    { name: 'Action', value: 'Debit-Notice' },
    { name: 'Quantity', value: String(i) },
  ],
  Timestamp: 1e12 + i,
  'Block-Height': 1,
  Cron: false,
})

describe('Lua market processes in a backtest keep nothing per message', () => {
  it('the market builder makes the pool and both tokens drop unhandled messages: Inbox stays empty, heap flat', async () => {
    const log = join(mkdtempSync(join(tmpdir(), 'afk-shape-')), 'pool.ndjson')
    await synthPoolLog({ seed: 3, events: 20, out: log })
    const opened = await openLog(log)
    const info = marketInfo(opened.header, {})
    const world = new World({ latency: 0 })
    await buildMarket({
      world,
      header: opened.header,
      info,
      mode: 'reexecute',
      processes: 'lua',
      treasury: makeId('treasury'),
      balances: {},
      at: { timestamp: 1e12, blockHeight: 1 },
    })
    for (const id of [info.pool, info.base.id, info.quote.id]) {
      const p = world.process<AosProcess>(id)
      for (let i = 0; i < 40; i++) await p.handle(notice(id, i, p.owner))
      const [inbox40, heap40] = await probe(p, 40)
      for (let i = 40; i < 160; i++) await p.handle(notice(id, i, p.owner))
      const [inbox160, heap160] = await probe(p, 160)
      expect([inbox40, inbox160]).toEqual([0, 0])
      // 120 more messages of ~1.6 KB each would keep ≥ 190 KB; allow noise of a few dozen KB
      expect(heap160 - heap40).toBeLessThan(48)
    }
  }, 120_000)

  it('planted drift: a plain aos process keeps every unhandled message and its heap grows with them', async () => {
    const p = await spawnReferenceProcess('token', {
      id: makeId('shape-token'),
      owner: makeId('shape-owner'),
      timestamp: 1e12,
      blockHeight: 1,
    })
    for (let i = 0; i < 40; i++) await p.handle(notice(p.id, i, p.owner))
    const [inbox40, heap40] = await probe(p, 40)
    for (let i = 40; i < 160; i++) await p.handle(notice(p.id, i, p.owner))
    const [inbox160, heap160] = await probe(p, 160)
    expect(inbox160 - inbox40).toBe(120)
    expect(heap160 - heap40).toBeGreaterThan(150)
  }, 120_000)
})
