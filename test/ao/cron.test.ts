import { describe, expect, it } from 'vitest'
import {
  type Cron,
  cronMessage,
  nextBlockFiring,
  nextTimeFiring,
  parseCronInterval,
  parseCrons,
  timeFirings,
} from '../../src/ao/cron.ts'
import { parseCrons as devnetParseCrons } from '../../src/devnet/cron.ts'
import { InvalidCronError } from '../../src/errors/devnet.ts'
import { CronSpecError } from '../../src/errors/harness.ts'
import { parseCrons as worldParseCrons } from '../../src/harness/world/crons.ts'

const fail = (p: { processId: string; tag: string; reason: string }) =>
  new Error(`${p.processId} ${p.tag}: ${p.reason}`)
const one = (value: string): Cron => parseCrons([{ name: 'Cron-Interval', value }], 'p', fail)[0]
const SPAWN = 1_700_000_000_400 // spawn second 1_700_000_000

describe('Cron-Interval values, as the legacy CU reads them (ms library, floored to whole seconds)', () => {
  it.each([
    ['1-second', 1],
    ['30-seconds', 30],
    ['30-s', 30],
    ['30-sec', 30],
    ['5-minutes', 300],
    ['5-Minutes', 300], // ms matches units case-insensitively
    ['5-min', 300],
    ['1-minute', 60],
    [' 2 - hours ', 7200], // both parts trimmed
    ['1-h', 3600],
    ['1-day', 86_400],
    ['1-week', 604_800],
    ['1-year', 31_557_600],
    // fractional and odd values: ms keeps the fraction, the CU floors the seconds
    ['1.5-minutes', 90],
    ['.5-minutes', 30],
    ['1500-milliseconds', 1],
    ['2500-ms', 2],
    ['1999-msecs', 1],
    ['1.9-seconds', 1],
    ['5000', 5], // no unit: milliseconds
  ])('%s → every %i s', (v, seconds) => {
    expect(parseCronInterval(v)).toEqual({ unit: 'seconds', value: seconds })
  })

  it('reads block crons with parseInt, lower-case unit only', () => {
    expect(parseCronInterval('10-blocks')).toEqual({ unit: 'blocks', value: 10 })
    expect(parseCronInterval('1-block')).toEqual({ unit: 'blocks', value: 1 })
    expect(parseCronInterval('2.7-blocks')).toEqual({ unit: 'blocks', value: 2 })
  })

  it.each([
    ['500-milliseconds', /less than 1 second/],
    ['0.9-seconds', /less than 1 second/],
    ['0-seconds', /less than 1 second/],
    ['0-blocks', /at least 1/],
    ['x-blocks', /at least 1/],
    ['5-Blocks', /lower-case/], // the CU would treat it as an unknown time unit: never fires
    ['2-months', /unknown unit "months"/], // not an ms unit: NaN on the CU, never fires
    ['5-fortnights', /unknown unit/],
    ['five-minutes', /expected "<number>-<unit>"/],
    ['', /expected/],
  ])('rejects %j', (v, why) => {
    const r = parseCronInterval(v)
    expect(r).toHaveProperty('reason')
    expect((r as { reason: string }).reason).toMatch(why)
  })
})

describe('parseCrons', () => {
  const tags = [
    { name: 'Name', value: 'x' },
    { name: 'Cron-Interval', value: '2-minutes' },
    { name: 'Cron-Tag-Action', value: 'Slow' },
    { name: 'Cron-Tag-Kind', value: 's' },
    { name: 'Cron-Interval', value: '30-seconds' },
    { name: 'Cron-Tag-Action', value: 'Fast' },
    { name: 'Cron-Interval', value: '10-blocks' },
    { name: 'Cron-Tag-Action', value: 'Block' },
  ]

  it('groups Cron-Tag-* under the preceding interval; CU order: blocks, then time crons by interval', () => {
    expect(parseCrons(tags, 'p', fail)).toEqual([
      { unit: 'blocks', value: 10, interval: '10-blocks', tags: [{ name: 'Action', value: 'Block' }] },
      { unit: 'seconds', value: 30, interval: '30-seconds', tags: [{ name: 'Action', value: 'Fast' }] },
      {
        unit: 'seconds',
        value: 120,
        interval: '2-minutes',
        tags: [
          { name: 'Action', value: 'Slow' },
          { name: 'Kind', value: 's' },
        ],
      },
    ])
  })

  it('throws the caller’s error, naming the process and the tag', () => {
    expect(() => parseCrons([{ name: 'Cron-Tag-Action', value: 'X' }], 'pid-9', fail)).toThrow(
      /pid-9 Cron-Tag-Action: Cron-Tag-\* with no preceding Cron-Interval/,
    )
    expect(() => parseCrons([{ name: 'Cron-Interval', value: '2-months' }], 'pid-9', fail)).toThrow(
      /pid-9 Cron-Interval=2-months: unknown unit/,
    )
  })

  it('is the one rule set behind the devnet CU and the harness World (same values, their own errors)', () => {
    for (const v of ['1500-milliseconds', '30-s', '1.5-minutes', '5-Minutes', '1-hour']) {
      const t = [{ name: 'Cron-Interval', value: v }]
      expect(devnetParseCrons(t, 'p')).toEqual(parseCrons(t, 'p', fail))
      expect(worldParseCrons(t, 'p')).toEqual(parseCrons(t, 'p', fail))
    }
    const bad = [{ name: 'Cron-Interval', value: '2-months' }]
    expect(() => devnetParseCrons(bad, 'p')).toThrow(InvalidCronError)
    expect(() => worldParseCrons(bad, 'p')).toThrow(CronSpecError)
    // the devnet has no block schedule: block crons are refused there, accepted by the World
    const block = [{ name: 'Cron-Interval', value: '3-blocks' }]
    expect(() => devnetParseCrons(block, 'p')).toThrow(/block crons/)
    expect(worldParseCrons(block, 'p')[0]).toMatchObject({ unit: 'blocks', value: 3 })
  })
})

describe('firing rule (relative to the spawn second, never at the spawn itself)', () => {
  it('time crons fire on whole seconds t > spawn second with (t − spawn) mod n = 0', () => {
    const c = one('1-minute')
    expect(nextTimeFiring(c, SPAWN, SPAWN)).toBe(1_700_000_060_000)
    expect(nextTimeFiring(c, SPAWN, 1_700_000_059_999)).toBe(1_700_000_060_000)
    expect(nextTimeFiring(c, SPAWN, 1_700_000_060_000)).toBe(1_700_000_120_000)
    expect(nextTimeFiring(c, SPAWN, SPAWN - 10_000)).toBe(1_700_000_060_000)
    // 1500-milliseconds is a 1-second cron, not a 2-second one
    expect(
      timeFirings([one('1500-milliseconds')], SPAWN, SPAWN, SPAWN + 3000).map((f) => f.timestamp),
    ).toEqual([1_700_000_001_000, 1_700_000_002_000, 1_700_000_003_000])
  })

  it('block crons fire at heights h > spawn height with (h − spawn) mod n = 0', () => {
    const b = one('3-blocks')
    expect(nextBlockFiring(b, 100, 100)).toBe(103)
    expect(nextBlockFiring(b, 100, 104)).toBe(106)
    expect(nextBlockFiring(b, 100, 90)).toBe(103)
  })

  it('timeFirings: (from, to], ascending time, shorter interval first at one instant, block crons ignored', () => {
    const crons = parseCrons(
      [
        { name: 'Cron-Interval', value: '1-minute' },
        { name: 'Cron-Tag-Action', value: 'Slow' },
        { name: 'Cron-Interval', value: '30-seconds' },
        { name: 'Cron-Tag-Action', value: 'Fast' },
        { name: 'Cron-Interval', value: '1-block' },
      ],
      'p',
      fail,
    )
    const f = timeFirings(crons, SPAWN, SPAWN, 1_700_000_060_000)
    expect(f.map((x) => [x.timestamp, x.cron.tags[0].value])).toEqual([
      [1_700_000_030_000, 'Fast'],
      [1_700_000_060_000, 'Fast'],
      [1_700_000_060_000, 'Slow'],
    ])
    expect(timeFirings(crons, SPAWN, 1_700_000_060_000, 1_700_000_089_999)).toEqual([])
    expect(timeFirings(crons, SPAWN, 1_700_000_060_000, 1_700_000_090_000)).toHaveLength(1)
  })

  it('cronMessage: Cron=true, From=Owner=owner, tags copied, no Id/Nonce', () => {
    const c = one('1-minute')
    c.tags.push({ name: 'Action', value: 'Tick' })
    const m = cronMessage(c, { processId: 'p', owner: 'o', timestamp: 5, blockHeight: 7 })
    expect(m).toEqual({
      Owner: 'o',
      From: 'o',
      Target: 'p',
      Data: '',
      Tags: [{ name: 'Action', value: 'Tick' }],
      Timestamp: 5,
      'Block-Height': 7,
      Cron: true,
    })
    expect(m.Tags[0]).not.toBe(c.tags[0])
  })
})
