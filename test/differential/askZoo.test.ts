import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import { makeId } from '../../src/ao/ids.ts'
import type { AoMessage } from '../../src/ao/message.ts'
import { DivergenceError, DualEngine } from '../../src/engine/DualEngine.ts'
import type { TsEngine } from '../../src/engine/tsEngine.ts'
import askZoo from '../fixtures/askZoo.ts'
import { CHOICE_KINDS, type Choice, expectOwnerCanWithdraw, messageFor } from '../utils/drive.ts'
import { graphSequences } from '../utils/graphSequences.ts'
import { createPair } from '../utils/pair.ts'
import { errorTexts, Recording } from '../utils/recording.ts'
import { pending, type Stimulus } from '../utils/stimulus.ts'

const ids = { base: makeId('token:base'), quote: makeId('token:quote'), pool: makeId('pool') }
const oracle = makeId('oracle')
const params = { ...ids, oracle, asset: 'AR', wait: '5000' }

const BPS = ['0', '250', '-250', '1000000', '-1000000', '15000', '007']
const BAD_BPS = ['abc', '1.5', '1000001', '-1000001', '', ' 12', '9'.repeat(90), '1e3', '+5']
/** JSON bodies for the `info` reply (price, mood, live from Data; Note from a tag or Data). */
const INFO_DATA = [
  '{"price":12,"mood":"up","live":true}',
  '{"price":"12","mood":"down","live":"false"}',
  '{"price":0,"mood":"up","live":false,"Note":"fromdata"}',
  '{"price":1.5,"mood":"up","live":true}',
  '{"price":1e3,"mood":"up","live":true}',
  '{"price":9007199254740993,"mood":"up","live":true}',
  '{"price":-1,"mood":"up","live":true}',
  '{"price":12,"mood":"sideways","live":true}',
  '{"price":12,"mood":"up","live":"yes"}',
  '{"price":null,"mood":"up","live":true}',
  '{"price":12,"mood":"up"}',
  '{"price":12,"mood":7,"live":true}',
  '{not json',
  '[1,2]',
  '[]',
  '"just a string"',
  'NODATA',
  '',
]
const NOTES = ['hi', '', 'ninechars', 'ok', undefined]

/** The refs of every ask the agent ever sent (to replay consumed ones). */
const sentAsks = new Map<string, string>()

/** ask-specific traffic: valid, invalid, provoked, forged, replayed and late replies; clock jumps; timeout changes. */
function askMessage(ch: Choice, ts: TsEngine, st: Stimulus): AoMessage {
  const S = ts.runtime.state
  const asks = pending(S, 'ask')
  const signal = asks.find((o) => o.reply === 'signal')
  const info = asks.find((o) => o.reply === 'info')
  const any = asks[ch.b % Math.max(1, asks.length)]
  const ref = (o?: Record<string, string>) => o?.ref ?? String(ch.b % 9)
  const sig = (o: Record<string, string> | undefined, tags: Record<string, string>, from = oracle) =>
    st.fromProcess(from, { Action: 'Get-Signal-Response', 'X-Reference': ref(o), Asset: 'AR', ...tags })
  switch (ch.kind % 11) {
    case 0:
      return sig(signal, { 'Signal-Bps': BPS[ch.a % BPS.length] })
    case 1: {
      const tags: Record<string, string> =
        ch.a % 4 === 0
          ? { Action: 'Get-Signal-Error', Error: 'Unknown asset' }
          : { 'Signal-Bps': BAD_BPS[ch.a % BAD_BPS.length] }
      return sig(signal, ch.a % 5 === 1 ? { 'Signal-Bps': '5', Asset: 'A'.repeat(65) } : tags)
    }
    case 2:
      // provoked through Reply-To with another Asset: the echo check ignores it, the ask stays pending
      return sig(signal, { 'Signal-Bps': '999', Asset: 'BTC' })
    case 3:
      // forged by another process, naming a pending request
      return sig(any, { 'Signal-Bps': '777' }, st.strangerProcess)
    case 4:
      return st.fromWallet(
        st.stranger,
        {
          Action: 'Info-Response',
          'X-Reference': ref(any),
          Note: 'forged',
          'Signal-Bps': '1',
          Asset: 'AR',
        },
        INFO_DATA[0],
      )
    case 5: {
      // a replay: the reference of an ask that is no longer pending
      const gone = [...sentAsks.keys()].filter((r) => !asks.some((o) => o.ref === r))
      const r = gone[ch.a % Math.max(1, gone.length)] ?? '1'
      return st.fromProcess(
        oracle,
        {
          Action: sentAsks.get(r) === 'info' ? 'Info-Response' : 'Get-Signal-Response',
          'X-Reference': r,
          Asset: 'AR',
          'Signal-Bps': '4242',
          Note: 'replay',
        },
        INFO_DATA[0],
      )
    }
    case 6:
      // late: past the deadline, the reply is consumed and the timeout raised instead
      st.now += 3000 + (ch.a % 4) * 1000
      return any?.reply === 'info'
        ? st.fromProcess(
            oracle,
            { Action: 'Info-Response', 'X-Reference': ref(any), Note: 'late' },
            INFO_DATA[0],
          )
        : sig(any, { 'Signal-Bps': '31' })
    case 7: {
      const note = NOTES[ch.b % NOTES.length]
      const tags: Record<string, string> = { Action: 'Info-Response', 'X-Reference': ref(info ?? any) }
      if (note !== undefined) tags.Note = note
      if (ch.b % 7 === 3 && INFO_DATA[ch.a % 3].startsWith('{')) tags['Content-Type'] = 'application/json'
      return st.fromProcess(oracle, tags, INFO_DATA[ch.a % INFO_DATA.length])
    }
    case 8:
      return st.tick((ch.a % 8) * 1000)
    case 9: {
      const waits = ['3000', '1', '0', '86400000', '86400001', '5000']
      return st.command(
        'Update-Params',
        {},
        JSON.stringify({ wait: waits[ch.a % waits.length] }),
        ts.runtime.state.owner,
      )
    }
    default:
      // no X-Reference at all
      return st.fromProcess(oracle, { Action: 'Get-Signal-Response', Asset: 'AR', 'Signal-Bps': '5' })
  }
}

describe('ask zoo: ask() and its replies agree on the TS engine and aos', () => {
  let pair: Awaited<ReturnType<typeof createPair>>
  const events = new Map<string, number>()
  const errors = new Set<string>()
  const reasons = new Set<string>()

  beforeAll(async () => {
    pair = await createPair(askZoo, params, ids)
  })

  /** Drives both engines: messages, logs and Status after every message, and every Agent-Error text. */
  const run = async (choices: Choice[], opts: { drift?: string } = {}) => {
    const { ts, lua, stim } = pair.fresh()
    if (opts.drift) await lua.handle(stim.fromWallet(pair.owner, { Action: 'Eval' }, opts.drift))
    const [a, b] = [new Recording(ts), new Recording(lua)]
    const dual = new DualEngine(a, b)
    for (const ch of choices) {
      // two in three messages are ask traffic, the rest the common mix of owner commands and hostile messages
      const msg =
        ch.kind % 3 === 2
          ? messageFor({ ...ch, kind: ch.a % CHOICE_KINDS }, ts, stim)
          : askMessage(ch, ts, stim)
      const r = await dual.handle(msg)
      expect(errorTexts(b.last)).toEqual(errorTexts(a.last))
      for (const e of errorTexts(a.last)) errors.add(e.replace(/[0-9]+/g, 'N'))
      for (const m of r.Messages)
        if (m.Tags.some((t) => t.name === 'Action' && (t.value === 'Get-Signal' || t.value === 'Info')))
          sentAsks.set(
            m.Tags.find((t) => t.name === 'Reference')!.value,
            m.Tags.some((t) => t.value === 'Info') ? 'info' : 'signal',
          )
      const why = ts.runtime.state.context.why
      if (typeof why === 'string' && why) reasons.add(why)
    }
    await expectOwnerCanWithdraw(dual, ts, stim)
    for (const [k, v] of ts.runtime.stats.events) events.set(k, (events.get(k) ?? 0) + v)
    return { ts }
  }

  it('boots identically', () => expect(pair.bootEqual).toBe(true))

  it('a valid reply is typed, a forged, provoked or replayed one is ignored, a late one times out', async () => {
    const { ts } = await run([
      { kind: 8, a: 0, b: 0 }, // tick: ask signal
      { kind: 3, a: 0, b: 0 }, // forged by another process
      { kind: 2, a: 0, b: 0 }, // provoked with another Asset
      { kind: 0, a: 1, b: 0 }, // the real answer: 250
    ])
    expect(ts.runtime.state.context.sig).toBe(250n)
    expect(ts.runtime.state.value).toBe('idle')
    await run([
      { kind: 8, a: 0, b: 0 },
      { kind: 6, a: 0, b: 0 },
      { kind: 5, a: 0, b: 0 },
    ])
  })

  it('every JSON Data body and Note tag of an info reply is judged alike', async () => {
    const tick = { kind: 8, a: 0, b: 0 }
    for (let a = 0; a < INFO_DATA.length; a++)
      for (const b of [0, 1, 4]) await run([tick, tick, { kind: 7, a, b }])
  })

  it('follows every transition alternative of the machine graph', async () => {
    const seqs = graphSequences(pair.compiled.ir)
    for (const seq of seqs) await run(seq)
  })

  it('seeded random sequences of replies, forgeries, late replies, timeouts and owner commands agree', async () => {
    let runs = 0
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ kind: fc.nat(32), a: fc.nat(1000), b: fc.nat(1000) }), {
          minLength: 5,
          maxLength: 30,
        }),
        async (choices: Choice[]) => {
          await run(choices)
          runs++
        },
      ),
      { seed: 4711, numRuns: 150 },
    )
    expect(runs).toBe(150)
  })

  it('an ask to a token process: a Transfer-Error naming it moves nothing and the reply still counts', async () => {
    const tokenPair = await createPair(askZoo, { ...params, oracle: ids.quote }, ids)
    const { ts, lua, stim } = tokenPair.fresh()
    const [a, b] = [new Recording(ts), new Recording(lua)]
    const dual = new DualEngine(a, b)
    await dual.handle(stim.tick())
    const [o] = pending(ts.runtime.state, 'ask')
    expect(o.target).toBe(ids.quote)
    const r = await dual.handle(
      stim.fromProcess(ids.quote, {
        Action: 'Transfer-Error',
        'X-Reference': o.ref,
        Error: 'Insufficient Balance!',
      }),
    )
    expect(errorTexts(a.last)).toEqual([])
    expect(r.Messages).toEqual([])
    expect(pending(ts.runtime.state, 'ask')).toHaveLength(1)
    await dual.handle(
      stim.fromProcess(ids.quote, {
        Action: 'Get-Signal-Response',
        'X-Reference': o.ref,
        Asset: 'AR',
        'Signal-Bps': '9',
      }),
    )
    expect(ts.runtime.state.context.sig).toBe(9n)
  })

  it('planted drift: a Lua reply check that accepts one more unit is caught', async () => {
    // the Lua twin reads `Signal-Bps` bounds one unit wider than TS
    const drift = `for _, f in ipairs(AFK_DEF.replies.signal) do if f.max then f.max = '1000001' end end`
    const agreed = run(
      [
        { kind: 8, a: 0, b: 0 },
        { kind: 1, a: 2, b: 0 }, // Signal-Bps = 1000001
      ],
      { drift },
    ).then(() => 'agreed')
    await expect(agreed).rejects.toThrow(DivergenceError)
  })

  it('exercised every reply event and every failure reason', () => {
    for (const ev of [
      'reply.signal',
      'reply.signal.invalid',
      'reply.signal.timeout',
      'reply.info',
      'reply.info.invalid',
      'reply.info.timeout',
    ])
      expect(events.get(ev) ?? 0, `event ${ev}`).toBeGreaterThan(0)
    const kinds = [...reasons].map((r) => r.replace(/^\S+ /, '').replace(/[0-9]+/g, 'N')).sort()
    expect(kinds).toEqual(
      expect.arrayContaining([
        'is missing',
        'must be an integer',
        'is below -N',
        'is above N',
        'must be a string',
        'is shorter than N bytes',
        'is longer than N bytes',
        'must be one of down, up',
        'must be true or false',
        'is not a JSON object',
      ]),
    )
    expect([...errors]).toContain('ask timeout must be N ms to a day')
  })
})
