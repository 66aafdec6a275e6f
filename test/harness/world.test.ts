import { describe, expect, it } from 'vitest'
import { makeId } from '../../src/ao/ids.ts'
import {
  type AoMessage,
  type AoProcessLike,
  emptyResult,
  type HandleResult,
  tagValue,
} from '../../src/ao/message.ts'
import { CronSpecError } from '../../src/errors/harness.ts'
import { BlockClock } from '../../src/harness/world/BlockClock.ts'
import { nextBlockFiring, nextTimeFiring, parseCrons } from '../../src/harness/world/crons.ts'
import { spawnAos } from '../../src/harness/world/spawnFromLog.ts'
import { World } from '../../src/harness/world/World.ts'

const OWNER = makeId('owner')
const T0 = 1_700_000_000_500 // spawn at .500 of second 1_700_000_000
const H0 = 1_500_000

/** A scripted process: records what it receives, replies per a rule. Stands in for a process only in world tests. */
class Scripted implements AoProcessLike {
  seen: AoMessage[] = []
  constructor(
    readonly id: string,
    private readonly rule: (m: AoMessage) => HandleResult = () => emptyResult(),
  ) {}
  async handle(m: AoMessage): Promise<HandleResult> {
    this.seen.push(m)
    return this.rule(m)
  }
}
const send = (Target: string, action: string) => ({
  Target,
  Tags: [{ name: 'Action', value: action }],
  Data: '',
})

describe('cron rules (CU loadMessages semantics)', () => {
  it('parses Cron-Interval groups and orders block crons first, then time crons by interval', () => {
    const crons = parseCrons(
      [
        { name: 'Cron-Interval', value: '2-minutes' },
        { name: 'Cron-Tag-Action', value: 'Slow' },
        { name: 'Cron-Interval', value: '30-seconds' },
        { name: 'Cron-Tag-Action', value: 'Fast' },
        { name: 'Cron-Interval', value: '10-blocks' },
        { name: 'Cron-Tag-Action', value: 'Block' },
      ],
      'p',
    )
    expect(crons.map((c) => [c.unit, c.value, c.tags[0].value])).toEqual([
      ['blocks', 10, 'Block'],
      ['seconds', 30, 'Fast'],
      ['seconds', 120, 'Slow'],
    ])
    expect(parseCrons([{ name: 'Cron-Interval', value: '1-hour' }], 'p')[0].value).toBe(3600)
    expect(() => parseCrons([{ name: 'Cron-Tag-Action', value: 'X' }], 'p')).toThrow(CronSpecError)
    expect(() => parseCrons([{ name: 'Cron-Interval', value: '500-milliseconds' }], 'p')).toThrow(
      /less than 1 second/,
    )
    expect(() => parseCrons([{ name: 'Cron-Interval', value: '5-fortnights' }], 'p')).toThrow(/unknown unit/)
  })

  it('fires time crons on whole seconds relative to the spawn second, never at the spawn itself', () => {
    const c = parseCrons([{ name: 'Cron-Interval', value: '1-minute' }], 'p')[0]
    // spawn second 1_700_000_000 → 1_700_000_060, 1_700_000_120, …
    expect(nextTimeFiring(c, T0, T0)).toBe(1_700_000_060_000)
    expect(nextTimeFiring(c, T0, 1_700_000_059_999)).toBe(1_700_000_060_000)
    expect(nextTimeFiring(c, T0, 1_700_000_060_000)).toBe(1_700_000_120_000)
    expect(nextTimeFiring(c, T0, 1_700_000_000_000 - 5000)).toBe(1_700_000_060_000)
    const b = parseCrons([{ name: 'Cron-Interval', value: '3-blocks' }], 'p')[0]
    expect(nextBlockFiring(b, H0, H0)).toBe(H0 + 3)
    expect(nextBlockFiring(b, H0, H0 + 4)).toBe(H0 + 6)
  })

  it('generates cron messages in the world with Cron=true, From=Owner=owner, no Id/Nonce', async () => {
    const clock = new BlockClock({ timestamp: T0, height: H0, blockTimeMs: 120_000 })
    const w = new World({ clock })
    const p = new Scripted(makeId('cronned'))
    w.add(p, {
      owner: OWNER,
      spawnTimestamp: T0,
      spawnHeight: H0,
      tags: [
        { name: 'Cron-Interval', value: '90-seconds' },
        { name: 'Cron-Tag-Action', value: 'Slow' },
        { name: 'Cron-Interval', value: '1-minute' },
        { name: 'Cron-Tag-Action', value: 'Fast' },
        { name: 'Cron-Interval', value: '2-blocks' },
        { name: 'Cron-Tag-Action', value: 'Block' },
      ],
    })
    w.send({ from: OWNER, target: p.id, tags: [{ name: 'Action', value: 'Ping' }], at: 1_700_000_180_000 })
    await w.run({ until: 1_700_000_240_000 })
    const got = p.seen.map((m) => `${(m.Timestamp - 1_700_000_000_000) / 1000}:${tagValue(m.Tags, 'Action')}`)
    // 60 Fast, 90 Slow, 120 Fast, 180 Fast+Slow (interval order) then the scheduled Ping, 240 Fast + Block (height H0+2
    // is reached at T0+240 s = 240.5 s, i.e. after the 240 s tick).
    expect(got).toEqual(['60:Fast', '90:Slow', '120:Fast', '180:Fast', '180:Slow', '180:Ping', '240:Fast'])
    await w.run({ until: 1_700_000_241_000 })
    expect(p.seen.at(-1)?.Timestamp).toBe(T0 + 240_000)
    expect(tagValue(p.seen.at(-1)!.Tags, 'Action')).toBe('Block')
    expect(p.seen.at(-1)!['Block-Height']).toBe(H0 + 2)
    const cron = p.seen[0]
    expect(cron).toMatchObject({ Cron: true, From: OWNER, Owner: OWNER, Target: p.id })
    expect(cron.Id).toBeUndefined()
    expect(cron.Nonce).toBeUndefined()
    expect(p.seen[5].Nonce).toBe(1) // only scheduled messages take nonces
  })
})

describe('message delivery', () => {
  it('delivers outboxes asynchronously after the sending message, interleaved by time', async () => {
    const w = new World({ latency: 1000 })
    const order: string[] = []
    const a: Scripted = new Scripted(makeId('a'), (m): HandleResult => {
      order.push(`a:${tagValue(m.Tags, 'Action')}`)
      return tagValue(m.Tags, 'Action') === 'Go'
        ? { ...emptyResult(), Messages: [send(b.id, 'Hello'), send(c.id, 'Hello')] }
        : emptyResult()
    })
    const b: Scripted = new Scripted(makeId('b'), (m): HandleResult => {
      order.push(`b:${tagValue(m.Tags, 'Action')}`)
      return tagValue(m.Tags, 'Action') === 'Hello'
        ? { ...emptyResult(), Messages: [send(a.id, 'Reply')] }
        : emptyResult()
    })
    const c = new Scripted(makeId('c'), (m) => {
      order.push(`c:${tagValue(m.Tags, 'Action')}`)
      return emptyResult()
    })
    for (const p of [a, b, c]) w.add(p, { owner: OWNER, spawnTimestamp: T0, spawnHeight: H0 })
    w.send({ from: OWNER, target: a.id, tags: [{ name: 'Action', value: 'Go' }], at: T0 + 10 })
    w.send({ from: OWNER, target: b.id, tags: [{ name: 'Action', value: 'Other' }], at: T0 + 500 })
    await w.run()
    // not depth-first: b's unrelated wallet message lands between a's send and the delivery of a's outbox
    expect(order).toEqual(['a:Go', 'b:Other', 'b:Hello', 'c:Hello', 'a:Reply'])
    const hello = b.seen[1]
    expect(hello).toMatchObject({
      From: a.id,
      Owner: w.mu,
      'Forwarded-By': w.mu,
      Timestamp: T0 + 1010,
      Nonce: 2,
    })
    expect(tagValue(hello.Tags, 'From-Process')).toBe(a.id)
    const go = a.seen[0]
    expect(tagValue(hello.Tags, 'Pushed-For')).toBe(go.Id)
    expect(tagValue(a.seen[1].Tags, 'Pushed-For')).toBe(go.Id) // the chain keeps the original message id
    expect(w.stats(a.id).nonce).toBe(2)
  })

  it('applies the MU stamp: a process cannot spoof From-Process, From-Module or Pushed-For', async () => {
    const w = new World()
    const b = new Scripted(makeId('stamp-b'))
    const a = new Scripted(makeId('stamp-a'), (m) =>
      tagValue(m.Tags, 'Action') === 'Go'
        ? {
            ...emptyResult(),
            Messages: [
              {
                Target: b.id,
                Data: '',
                Tags: [
                  { name: 'Action', value: 'Hi' },
                  { name: 'Pushed-For', value: 'evil' },
                  { name: 'From-Process', value: 'evil' },
                  { name: 'From-Module', value: 'evil' },
                ],
              },
            ],
          }
        : emptyResult(),
    )
    w.add(a, { owner: OWNER, spawnTimestamp: T0, spawnHeight: H0, module: 'mod-a' })
    w.add(b, { owner: OWNER, spawnTimestamp: T0, spawnHeight: H0 })
    w.send({ from: OWNER, target: a.id, tags: [{ name: 'Action', value: 'Go' }], at: T0 + 10 })
    await w.run()
    const hi = b.seen[0]
    const go = a.seen[0]
    expect(hi.From).toBe(a.id)
    expect(hi.Tags.filter((t) => ['From-Process', 'From-Module', 'Pushed-For'].includes(t.name))).toEqual([
      { name: 'From-Process', value: a.id },
      { name: 'From-Module', value: 'mod-a' },
      { name: 'Pushed-For', value: go.Id },
    ])
    expect(tagValue(hi.Tags, 'Action')).toBe('Hi')
  })

  it('delivers nothing from a message that errored, and counts messages to unknown targets', async () => {
    const w = new World()
    const a = new Scripted(makeId('err'), () => ({
      ...emptyResult(),
      Messages: [send('x'.repeat(43), 'Lost')],
      Error: 'boom',
    }))
    const b = new Scripted(makeId('ok'), () => ({
      ...emptyResult(),
      Messages: [send('y'.repeat(43), 'Out')],
    }))
    w.add(a, { owner: OWNER, spawnTimestamp: T0, spawnHeight: H0 })
    w.add(b, { owner: OWNER, spawnTimestamp: T0, spawnHeight: H0 })
    const ext: AoMessage[] = []
    w.onExternal((m) => ext.push(m))
    w.send({ from: OWNER, target: a.id, tags: [], at: T0 + 1 })
    w.send({ from: OWNER, target: b.id, tags: [], at: T0 + 2 })
    await w.run()
    expect(w.stats(a.id).errors).toBe(1)
    expect(ext.map((m) => tagValue(m.Tags, 'Action'))).toEqual(['Out'])
    expect(w.externalCount).toBe(1)
  })

  it('runs real aos processes: cron ticks and process-to-process messages', async () => {
    const clock = new BlockClock({ timestamp: T0, height: H0 })
    const w = new World({ clock, latency: 200 })
    const aid = makeId('aos-a')
    const bid = makeId('aos-b')
    // Third-party style processes: one loaded from source after the spawn, one booting from its spawn data.
    const a = await spawnAos({
      id: aid,
      owner: OWNER,
      timestamp: T0,
      blockHeight: H0,
      tags: [
        { name: 'Cron-Interval', value: '1-minute' },
        { name: 'Cron-Tag-Action', value: 'Tick' },
      ],
      source: `Ticks = 0
       Handlers.add('tick', 'Tick', function(m)
         assert(m.Cron == true and m.From == Owner, 'not a CU cron')
         Ticks = Ticks + 1
         Send({ Target = '${bid}', Action = 'Count', Data = tostring(Ticks) })
       end)`,
    })
    const b = await spawnAos({
      id: bid,
      owner: OWNER,
      timestamp: T0,
      blockHeight: H0,
      // without the MU as Authority, aos would drop a's messages (trust gate), as on the network
      tags: [
        { name: 'On-Boot', value: 'Data' },
        { name: 'Authority', value: w.mu },
      ],
      data: `Got = {}
       Handlers.add('count', 'Count', function(m) table.insert(Got, m.From .. '=' .. m.Data) end)`,
    })
    w.add(a, { owner: OWNER, spawnTimestamp: T0, spawnHeight: H0, tags: a.env.Process.Tags, nonce: 1 })
    w.add(b, { owner: OWNER, spawnTimestamp: T0, spawnHeight: H0, nonce: 1 })
    await w.run({ until: T0 + 3 * 60_000 })
    expect(
      await b.eval('return table.concat(Got, ",")', {
        id: makeId('q'),
        timestamp: T0 + 200_000,
        blockHeight: H0,
      }),
    ).toBe([1, 2, 3].map((i) => `${aid}=${i}`).join(','))
  })
})
