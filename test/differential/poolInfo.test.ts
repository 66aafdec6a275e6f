import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { makeId } from '../../src/ao/ids.ts'
import type { AoMessage, OutboxMessage } from '../../src/ao/message.ts'
import { normalizeTagName } from '../../src/ao/normalize.ts'
import { analyze } from '../../src/compiler/analyze.ts'
import { compile } from '../../src/compiler/compile.ts'
import { DivergenceError, DualEngine } from '../../src/engine/DualEngine.ts'
import type { TsEngine } from '../../src/engine/tsEngine.ts'
import { poolInfoResponse } from '../../src/protocols/botega.ts'
import { defineStrategy } from '../../src/strategy/defineStrategy.ts'
import { processId } from '../../src/strategy/params.ts'
import { INFO_FAILURES, INFO_TAGS } from '../../src/strategy/primitives/events/poolInfoReply.ts'
import { createPair } from '../utils/pair.ts'
import { errorTexts, Recording } from '../utils/recording.ts'
import { pending, type Stimulus } from '../utils/stimulus.ts'

const ids = { base: makeId('token:base'), quote: makeId('token:quote'), pool: makeId('pool') }

/**
 * Reads the pool's Info on every tick and on the owner's Halt (a tick while reading replaces the read) and keeps what
 * each outcome said.
 */
const reader = defineStrategy({
  id: 'pool-info',
  params: z.object({ base: processId(), quote: processId(), pool: processId() }),
  tokens: ['base', 'quote'],
  cron: { interval: '10-minutes', tags: { Action: 'Cron' } },
  context: { fee: 0n, supply: 0n, pair: '', reads: 0n, failures: 0n, timeouts: 0n, reason: '', order: '' },
  machine: ({ p, c, ev, add, concat, assign, poolInfo }) => {
    const read = poolInfo({ pool: p.pool, timeoutMs: 120_000 })
    return {
      initial: 'idle',
      states: {
        idle: {
          on: {
            tick: { target: 'reading', actions: read },
            // a halted agent ignores ticks; its owner's Halt itself reads the pool
            'owner.halt': { target: 'reading', actions: read },
          },
        },
        reading: {
          on: {
            tick: { actions: read },
            info: {
              target: 'idle',
              actions: assign({
                fee: ev.feeBps,
                supply: ev.totalSupply,
                pair: concat(ev.tokenA, '/', ev.tokenB),
                reads: add(c.reads, 1),
                order: ev.order,
              }),
            },
            'info.failed': {
              target: 'idle',
              actions: assign({ reason: ev.reason, failures: add(c.failures, 1), order: ev.order }),
            },
            'info.timeout': {
              target: 'idle',
              actions: assign({ timeouts: add(c.timeouts, 1), order: ev.order }),
            },
          },
        },
      },
    }
  },
})

const GOOD: Record<string, string> = {
  Name: 'Botega LP BASE/QUOTE',
  Ticker: 'BOTG-LP',
  Denomination: '12',
  TotalSupply: '1000000',
  Type: 'AMM',
  TokenA: ids.base,
  TokenB: ids.quote,
  FeeBps: '25.0',
}
/** Replies the pool itself might send that the agent cannot read: each must end the read as info.failed. */
const BAD: Array<Record<string, string>> = [
  { FeeBps: '25.5' },
  { FeeBps: 'abc' },
  { FeeBps: '10001' },
  { FeeBps: '' },
  { TotalSupply: '1e3' },
  { TotalSupply: '-5' },
  { TotalSupply: '9'.repeat(90) },
  { TotalSupply: '1.0' },
  { TokenB: ids.base },
  { TokenA: 'short' },
  { TokenA: '' },
]

/** One hostile or honest message for a choice, built from the TS engine's pending read. */
function infoMessage(k: number, v: number, ts: TsEngine, st: Stimulus): AoMessage {
  const read = pending(ts.runtime.state).find((o) => o.kind === 'info')
  const ref = read?.ref ?? '1'
  const reply = (from: string, tags: Record<string, string>, drop: string[] = []) => {
    const t: Record<string, string> = { Action: 'Info-Response', 'X-Reference': ref, ...GOOD, ...tags }
    for (const d of drop) delete t[d]
    return st.fromProcess(from, t)
  }
  switch (k) {
    case 0:
      return st.tick((v % 3) * 60_000)
    case 1:
      // the pool's own reply (our pool writes FeeBps as an integer, the real one as `25.0`)
      return reply(st.pool, { FeeBps: v % 2 ? '30' : '25.0', TotalSupply: String(1000 + v) })
    case 2:
      return reply(st.strangerProcess, { FeeBps: '1' })
    case 3:
      return reply(st.pool, { 'X-Reference': String(Number(ref) + 1 + (v % 5)) })
    case 4:
      return reply(st.pool, {}, [['TokenA', 'TokenB', 'FeeBps', 'TotalSupply', 'X-Reference'][v % 5]])
    case 5:
      return reply(st.pool, BAD[v % BAD.length])
    case 6:
      // the reply arrives after the read's deadline: the timeout wins
      st.now += 200_000
      return reply(st.pool, {})
    case 7:
      return st.command(v % 2 ? 'Halt' : 'Resume')
    default:
      return st.command('Status', {}, '', st.stranger)
  }
}

describe('poolInfo: a Botega Info read agrees on the TS engine and aos', () => {
  let pair: Awaited<ReturnType<typeof createPair>>
  const events = new Map<string, number>()

  beforeAll(async () => {
    pair = await createPair(reader, ids, ids)
  })

  /** Drives both engines (messages, logs, Status after every message) and compares every Agent-Error text. */
  const run = async (choices: Array<[number, number]>, drift?: string) => {
    const { ts, lua, stim } = pair.fresh()
    if (drift) await lua.handle(stim.fromWallet(pair.owner, { Action: 'Eval' }, drift))
    const [a, b] = [new Recording(ts), new Recording(lua)]
    const dual = new DualEngine(a, b)
    const sent: OutboxMessage[][] = []
    for (const [k, v] of choices) {
      const r = await dual.handle(infoMessage(k, v, ts, stim))
      expect(errorTexts(b.last)).toEqual(errorTexts(a.last))
      sent.push(r.Messages)
    }
    for (const [k, n] of ts.runtime.stats.events) events.set(k, (events.get(k) ?? 0) + n)
    return { ts, sent, ctx: ts.runtime.state.context }
  }

  it('boots identically and reads the tags the protocol spec names, as aos normalizes them', () => {
    expect(pair.bootEqual).toBe(true)
    const f = poolInfoResponse.fields
    expect(INFO_TAGS).toEqual({
      tokenA: normalizeTagName(f.tokenA.tag),
      tokenB: normalizeTagName(f.tokenB.tag),
      feeBps: normalizeTagName(f.feeBps.tag),
      totalSupply: normalizeTagName(f.totalSupply.tag),
    })
  })

  it('the pool’s reply is read; a stranger’s, another Reference and a reply without Reference are not', async () => {
    const { ts, sent, ctx } = await run([
      [0, 0],
      [2, 0],
      [3, 0],
      [4, 4],
      [1, 1],
    ])
    const info = sent[0].filter((m) => m.Target === ids.pool)
    expect(info.map((m) => m.Tags.find((t) => t.name === 'Action')?.value)).toEqual(['Info'])
    expect([ctx.reads, ctx.fee, ctx.supply, ctx.pair]).toEqual([1n, 30n, 1001n, `${ids.base}/${ids.quote}`])
    expect(ts.runtime.state.value).toBe('idle')
    expect(pending(ts.runtime.state)).toEqual([])
    expect(ts.runtime.state.timers).toEqual({})
  })

  it("the real pool's `25.0` fee is 25 bps", async () => {
    const { ctx } = await run([
      [0, 0],
      [1, 0],
    ])
    expect([ctx.reads, ctx.fee]).toEqual([1n, 25n])
  })

  it('an unreadable reply from the pool is info.failed with a fixed reason, for every bad tag', async () => {
    for (let v = 0; v < BAD.length; v++) {
      const { ctx } = await run([
        [0, 0],
        [5, v],
      ])
      expect([ctx.failures, ctx.reads], JSON.stringify(BAD[v])).toEqual([1n, 0n])
      expect(Object.values(INFO_FAILURES)).toContain(ctx.reason)
    }
    for (let v = 0; v < 4; v++) {
      const { ctx } = await run([
        [0, 0],
        [4, v],
      ])
      expect(ctx.failures, `without ${v}`).toBe(1n)
    }
  })

  it('no reply in time is info.timeout; the late reply is ignored; a new read replaces an open one', async () => {
    const late = await run([
      [0, 0],
      [6, 0],
    ])
    expect([late.ctx.timeouts, late.ctx.reads]).toEqual([1n, 0n])
    expect(pending(late.ts.runtime.state)).toEqual([])
    // two ticks while reading: one read open, the first one's reply is no longer ours
    const again = await run([
      [0, 0],
      [0, 0],
      [0, 0],
    ])
    const reads = pending(again.ts.runtime.state).filter((o) => o.kind === 'info')
    expect(reads).toHaveLength(1)
    expect(Object.keys(again.ts.runtime.state.timers)).toEqual([`info.${reads[0].id}`])
  })

  it('a halted agent still reads (an Info moves nothing)', async () => {
    const { sent, ts } = await run([[7, 1]])
    expect(ts.runtime.state.halted).toBe(true)
    expect(sent[0].some((m) => m.Target === ids.pool)).toBe(true)
  })

  it('seeded random sequences of honest and hostile replies agree', async () => {
    let runs = 0
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.nat(8), fc.nat(100)), { minLength: 3, maxLength: 12 }),
        async (choices) => {
          await run(choices)
          runs++
        },
      ),
      { seed: 909, numRuns: 40 },
    )
    expect(runs).toBe(40)
    for (const e of ['info', 'info.failed', 'info.timeout']) expect(events.get(e) ?? 0, e).toBeGreaterThan(0)
  })

  it('planted drift: a Lua read that accepts a fractional fee is caught', async () => {
    const seq: Array<[number, number]> = [
      [0, 0],
      [5, 0],
    ]
    await run(seq)
    const drift = `local R = package.loaded["afk.runtime"]; for _, ev in ipairs(R.events) do if ev.name == 'pool_info_reply' then local m = ev.match; ev.match = function(rt, msg) if msg.Feebps == '25.5' then msg.Feebps = '25' end; return m(rt, msg) end end end`
    await expect(run(seq, drift).then(() => 'agreed')).rejects.toThrow(DivergenceError)
  })
})

describe('poolInfo: compiler diagnostics and analysis', () => {
  const params = ids
  const build = (call: (x: never) => unknown, on: Record<string, unknown> = {}) =>
    defineStrategy({
      id: 'pool-info-misuse',
      params: z.object({ base: processId(), quote: processId(), pool: processId() }),
      tokens: ['base', 'quote'],
      cron: { interval: '10-minutes', tags: { Action: 'Cron' } },
      context: { n: 0n },
      machine: (x) => ({
        initial: 'idle',
        states: {
          idle: { on: { tick: { target: 'reading', actions: call(x as never) as never } } },
          reading: { on: { info: 'idle', ...on } },
        },
      }),
    })

  it('refuses a wrong type, a missing timeout and an unknown argument with code, path and hint', () => {
    const cases: Array<[(x: never) => unknown, string, RegExp]> = [
      [(x: any) => x.poolInfo({ pool: 5, timeoutMs: 1000 }), 'type-mismatch', /poolInfo\(pool\) must be str/],
      [(x: any) => x.poolInfo({ pool: x.p.pool }), 'invalid-action-args', /needs 'timeoutMs'/],
      [
        (x: any) => x.poolInfo({ pool: x.p.pool, timeoutMs: 'soon' }),
        'type-mismatch',
        /timeoutMs\) must be int/,
      ],
      [
        (x: any) => x.poolInfo({ pool: x.p.pool, timeoutMs: 1000, token: x.p.base }),
        'invalid-action-args',
        /takes no argument 'token'/,
      ],
    ]
    for (const [call, code, text] of cases) {
      const d = compile(build(call), params).diagnostics.filter((x) => x.severity === 'error')
      expect(d.map((x) => x.code)).toEqual([code])
      expect(d[0].message).toMatch(text)
      expect(d[0].path.join('.')).toContain('tick')
    }
  })

  it('a state waiting for the read must handle its outcomes; info.timeout counts as its timeout', () => {
    const call = (x: any) => x.poolInfo({ pool: x.p.pool, timeoutMs: 1000 })
    const codes = (on: Record<string, unknown>) => {
      const r = compile(build(call, on), params)
      expect(r.diagnostics.filter((x) => x.severity === 'error')).toEqual([])
      return analyze(r.ir!).map((f) => `${f.code}:${f.state}`)
    }
    expect(codes({})).toContain('waits-without-timeout:reading')
    expect(codes({ 'info.timeout': 'idle', 'info.failed': 'idle' })).not.toContain(
      'waits-without-timeout:reading',
    )
  })
})
