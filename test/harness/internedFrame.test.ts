import { deserialize, serialize } from 'node:v8'
import { describe, expect, it } from 'vitest'
import { decodeInterned, encodeInterned } from '../../src/harness/log/internedFrame.ts'

// The record cache's frames: what comes out must equal what went in (keys in order, types, undefined kept), like
// v8's own format that it replaces; anything it cannot represent is refused, never approximated.
describe('interned frames', () => {
  it('round-trips records exactly, keys in order and types kept', () => {
    const records = [
      {
        spawn: false,
        message: {
          Id: 'x'.repeat(43),
          Tags: [
            { name: 'Action', value: 'Credit-Notice' },
            { name: 'Quantity', value: '5203919883166753' },
          ],
          Timestamp: 1735689832476,
          Nonce: 0,
          Neg: -0,
          Frac: 0.5,
          Big: 2 ** 53 - 1,
          Missing: undefined,
          Empty: null,
          Cron: true,
          Data: '',
        },
        location: { file: 'pool.ndjson', line: 7 },
      },
      { spawn: true, message: { Tags: [], Id: 'x'.repeat(43) }, nested: [[1, 'a'], [], {}] },
    ]
    const frame = encodeInterned(records)
    expect(frame).toBeDefined()
    const back = decodeInterned(frame as Buffer)
    expect(back).toStrictEqual(records)
    expect(JSON.stringify(back)).toBe(JSON.stringify(records))
    expect(Object.keys((back[0] as { message: object }).message)).toEqual(Object.keys(records[0].message))
    expect(Object.is((back[0] as { message: { Neg: number } }).message.Neg, -0)).toBe(true)
    // the same as v8's own round trip
    expect(back).toStrictEqual(deserialize(serialize(records)))
  })

  it('refuses what it cannot represent', () => {
    expect(encodeInterned([{ a: 1n }])).toBeUndefined()
    expect(encodeInterned([new Map()])).toBeUndefined()
    expect(encodeInterned([{ d: new Date(0) }])).toBeUndefined()
    // a hole in an array is not `undefined`
    const holed = [1, 2, 3]
    delete holed[1]
    expect(encodeInterned([holed])).toBeUndefined()
  })
})
