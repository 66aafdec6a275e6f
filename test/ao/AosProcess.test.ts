import { describe, expect, it } from 'vitest'
import { AosProcess } from '../../src/ao/AosProcess.ts'
import { makeId } from '../../src/ao/ids.ts'
import type { AoMessage } from '../../src/ao/message.ts'

const OWNER = makeId('owner')
const PID = makeId('process')
let n = 0
const msg = (tags: Record<string, string>, data = '', extra: Partial<AoMessage> = {}): AoMessage => ({
  Id: makeId(`m${n++}`),
  Owner: OWNER,
  From: OWNER,
  Target: PID,
  Data: data,
  Tags: Object.entries(tags).map(([name, value]) => ({ name, value })),
  Timestamp: 1_700_000_000_000 + n * 1000,
  'Block-Height': 1000 + n,
  Cron: false,
  ...extra,
})

describe('AosProcess on the production aos module', () => {
  it('spawns, evaluates, normalizes tag names and rolls back on handler errors', async () => {
    const { process: p } = await AosProcess.spawn({
      id: PID,
      owner: OWNER,
      timestamp: 1_700_000_000_000,
      blockHeight: 1000,
      checkpointEvery: 3,
    })
    await p.eval(
      `Counter = 0
       Handlers.add('inc', 'Inc', function(m) Counter = Counter + 1; m.reply({ Data = tostring(Counter), ['Seen-Tag'] = tostring(m['X-Order-Id']) }) end)
       Handlers.add('boom', 'Boom', function(m) Counter = Counter + 100; error('kaboom') end)`,
      { id: makeId('eval'), timestamp: 1_700_000_000_500, blockHeight: 1000 },
    )
    for (let i = 0; i < 5; i++) {
      const r = await p.handle(msg({ Action: 'Inc', 'X-Order-ID': 'abc' }))
      expect(r.Error).toBeUndefined()
      expect(r.Messages[0].Data).toBe(String(i + 1))
      // aos rewrote X-Order-ID to X-Order-Id before the handler ran
      expect(r.Messages[0].Tags.find((t) => t.name === 'Seen-Tag')?.value).toBe('abc')
    }
    const bad = await p.handle(msg({ Action: 'Boom' }))
    expect(bad.Error).toMatch(/kaboom/)
    expect(bad.Messages).toEqual([])
    const after = await p.handle(msg({ Action: 'Inc' }))
    expect(after.Messages[0].Data).toBe('6') // not 106: the failed message left no trace
    const bad2 = await p.handle(msg({ Action: 'Boom' }))
    expect(bad2.Error).toBeDefined()
    const after2 = await p.handle(msg({ Action: 'Inc' }))
    expect(after2.Messages[0].Data).toBe('7')
  })
})
