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

  it('rolls back at every journal position, across checkpoints, after dry-runs and from a loaded state', async () => {
    const { process: p } = await AosProcess.spawn({
      id: PID,
      owner: OWNER,
      timestamp: 1_700_000_000_000,
      blockHeight: 1000,
      checkpointEvery: 4,
    })
    await p.eval(
      `Counter = 0; Blob = {}
       Handlers.add('inc', 'Inc', function(m) Counter = Counter + 1; Blob[Counter] = string.rep('x', 70000); m.reply({ Data = tostring(Counter) }) end)
       Handlers.add('boom', 'Boom', function(m) Counter = Counter + 100; Blob[Counter] = string.rep('y', 200000); error('kaboom') end)
       Handlers.add('peek', 'Peek', function(m) Counter = Counter + 1000; m.reply({ Data = tostring(Counter) }) end)`,
      { id: makeId('eval2'), timestamp: 1_700_000_000_500, blockHeight: 1000 },
    )
    let want = 0
    let fork: Uint8Array | undefined
    for (let i = 0; i < 14; i++) {
      // a failure at each journal position 0..3, twice in a row at some
      if (i % 3 === 0 || i === 7) expect((await p.handle(msg({ Action: 'Boom' }))).Error).toMatch(/kaboom/)
      if (i === 8) expect((await p.handle(msg({ Action: 'Boom' }))).Error).toMatch(/kaboom/)
      if (i % 4 === 1) {
        const d = await p.dryrun({ ...msg({ Action: 'Peek' }), 'Read-Only': true })
        expect(d.Messages[0].Data).toBe(String(want + 1000))
      }
      want++
      expect((await p.handle(msg({ Action: 'Inc' }))).Messages[0].Data).toBe(String(want))
      if (i === 5) fork = p.snapshot()
    }
    // a loaded state is the new rollback point until the next checkpoint
    p.loadState(fork as Uint8Array)
    expect((await p.handle(msg({ Action: 'Boom' }))).Error).toMatch(/kaboom/)
    expect((await p.handle(msg({ Action: 'Inc' }))).Messages[0].Data).toBe('7')
    expect((await p.handle(msg({ Action: 'Boom' }))).Error).toMatch(/kaboom/)
    expect((await p.handle(msg({ Action: 'Inc' }))).Messages[0].Data).toBe('8')
  })
})
