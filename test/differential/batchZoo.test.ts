import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { makeId } from '../../src/ao/ids.ts'
import type { AoMessage } from '../../src/ao/message.ts'
import { analyze } from '../../src/compiler/analyze.ts'
import { compile } from '../../src/compiler/compile.ts'
import { DivergenceError, DualEngine } from '../../src/engine/DualEngine.ts'
import type { TsEngine } from '../../src/engine/tsEngine.ts'
import { defineStrategy } from '../../src/strategy/defineStrategy.ts'
import { processId } from '../../src/strategy/params.ts'
import batchZoo from '../fixtures/batchZoo.ts'
import { CHOICE_KINDS, type Choice, expectOwnerCanWithdraw, messageFor } from '../utils/drive.ts'
import { graphSequences } from '../utils/graphSequences.ts'
import { createPair } from '../utils/pair.ts'
import { errorTexts, Recording } from '../utils/recording.ts'
import { pending, type Stimulus } from '../utils/stimulus.ts'

const ids = { base: makeId('token:base'), quote: makeId('token:quote'), pool: makeId('pool') }
const asset = (n: string, weightBps: number) => ({
  token: makeId(`asset:${n}`),
  pool: makeId(`pool:${n}`),
  weightBps,
  label: n,
})
const assets = [asset('AR', 5000), asset('AO', 3000), asset('USD', 2000)]
const params = { ...ids, amount: '1000', assets }

/** Batch-specific choices beyond drive.ts's: asset deposits, gathered replies, fills, hostile fills, late ticks. */
const EXTRA = 8
function batchMessage(ch: Choice, ts: TsEngine, st: Stimulus): AoMessage {
  const k = ch.kind - CHOICE_KINDS - 1
  if (k < 0) return messageFor(ch, ts, st)
  const S = ts.runtime.state
  const amt = [1n, 999n, 5000n, 123_456n][ch.a % 4]
  const quotes = pending(S, 'quote')
  const swaps = pending(S, 'swap')
  const pick = <T>(l: T[]) => l[ch.b % l.length]
  switch (k) {
    case 0:
      return st.fromProcess(assets[ch.a % 3].token, {
        Action: 'Credit-Notice',
        Sender: st.owner,
        Quantity: String(amt * 1000n),
      })
    case 1:
      return quotes.length ? st.quoteReply(pick(quotes), ch.b % 6 === 0 ? 0n : amt * 7n) : st.tick()
    case 2:
      return swaps.length ? st.fill(pick(swaps), amt * 3n) : st.tick(60_000)
    case 3:
      return swaps.length ? st.refund(pick(swaps)) : st.tick(60_000)
    case 4:
      // a stranger's forged fill for a pending order (wrong Sender): never booked
      return swaps.length ? st.fill(pick(swaps), amt * 1000n, st.stranger) : st.tick()
    case 5: {
      // a stranger's Get-Swap-Output reply for a gathered quote, with our Reference but another amount
      const q = quotes.length ? pick(quotes) : undefined
      return st.fromProcess(q?.pool ?? assets[0].pool, {
        Action: 'Get-Swap-Output-Response',
        'X-Reference': q?.ref ?? '3',
        Output: String(amt * 100n),
        'Quantity-After-Fees': '1',
        'LP-Fee-Quantity': '0',
        'Protocol-Fee-Quantity': '0',
      })
    }
    case 7: {
      // the pool's Get-Reserves reply (tags named by token id), or a stranger's, or one missing a token
      const r = pending(S).find((o) => o.kind === 'reserves')
      const from = ch.b % 3 === 1 ? st.strangerProcess : st.pool
      const tags: Record<string, string> = {
        Action: 'Get-Reserves-Response',
        'X-Reference': r?.ref ?? '4',
        [st.tokens.base]: String(amt * 10n),
      }
      if (ch.b % 3 !== 2) tags[st.tokens.quote] = String(amt * 20n)
      return st.fromProcess(from, tags)
    }
    default:
      // a deposit past every batch deadline (a tick would start a new gather in some states)
      st.now += 1_000_000
      return st.fromProcess(assets[ch.a % 3].token, {
        Action: 'Credit-Notice',
        Sender: st.owner,
        Quantity: '1',
      })
  }
}

describe('batch zoo: quoteAll, swapAll and listTokens agree on the TS engine and aos', () => {
  let pair: Awaited<ReturnType<typeof createPair>>
  const events = new Map<string, number>()
  const actions = new Map<string, number>()
  const errors = new Set<string>()

  beforeAll(async () => {
    pair = await createPair(batchZoo, params, ids)
  })

  /** Drives both engines: messages, logs and Status after every message, and every Agent-Error text. */
  /** A step: a drawn choice, or a message built from the TS engine's state (scripted scenarios). */
  type Step = Choice | ((ts: TsEngine, st: Stimulus) => AoMessage)
  const run = async (choices: Step[], opts: { drift?: string } = {}) => {
    const { ts, lua, stim } = pair.fresh()
    if (opts.drift) await lua.handle(stim.fromWallet(pair.owner, { Action: 'Eval' }, opts.drift))
    const [a, b] = [new Recording(ts), new Recording(lua)]
    const dual = new DualEngine(a, b)
    /** each step's Agent-Error texts (the TS engine's; Lua's are the same) */
    const errs: string[][] = []
    for (const ch of choices) {
      const r = await dual.handle(typeof ch === 'function' ? ch(ts, stim) : batchMessage(ch, ts, stim))
      expect(errorTexts(b.last)).toEqual(errorTexts(a.last))
      errs.push(errorTexts(a.last))
      for (const e of errorTexts(a.last))
        errors.add(e.replace(/[A-Za-z0-9_-]{43}/g, 'ID').replace(/[0-9]+/g, 'N'))
      void r
    }
    await expectOwnerCanWithdraw(dual, ts, stim)
    for (const [k, v] of ts.runtime.stats.events) events.set(k, (events.get(k) ?? 0) + v)
    for (const [k, v] of ts.runtime.stats.actions) actions.set(k, (actions.get(k) ?? 0) + v)
    return { ts, errs }
  }
  const E = (k: number, a = 0, b = 0): Choice => ({ kind: CHOICE_KINDS + 1 + k, a, b })

  it('boots identically', () => expect(pair.bootEqual).toBe(true))

  it('a full round: deposits, one gather, a sell batch with fill, refund and failure, then swaps.done', async () => {
    const { ts } = await run([
      E(0, 0),
      E(0, 1),
      E(0, 2),
      { kind: 0, a: 0, b: 0 },
      E(1, 1, 1),
      E(1, 1, 1),
      E(1, 1, 1),
      E(2, 1, 0),
      E(3, 0, 0),
      { kind: 7, a: 0, b: 0 },
      E(6),
    ])
    const S = ts.runtime.state
    expect(S.gather?.items.length).toBe(3)
    expect(S.context.rounds).toBe(1n)
    expect(S.context.value).toBeGreaterThan(0n)
    // one outcome per item, each carrying its list index; then the batch counts
    expect(S.context.marks).toMatchObject({ 'filled#0': 1n, 'refunded#1': 1n, 'failed#2': 1n })
    expect([S.context.filled, S.context.refunded, S.context.failed, S.context.pending]).toEqual([
      1n,
      1n,
      1n,
      0n,
    ])
  })

  it('a reserves read: the pool names its tags by token id (aos normalizes them); others are ignored', async () => {
    const tick = { kind: 0, a: 0, b: 0 }
    // a stranger's reply and one missing a token are not read; the pool's is
    const { ts } = await run([E(0, 0), tick, tick, E(7, 1, 1), E(7, 1, 2), E(7, 1, 0)])
    expect([ts.runtime.state.context.resIn, ts.runtime.state.context.resOut]).toEqual([9990n, 19980n])
    expect(pending(ts.runtime.state).some((o) => o.kind === 'reserves')).toBe(false)
  })

  /**
   * A silent pool: the read waits its default minute, then `reserves.timeout` drops it; the pool's late reply (our
   * Reference, both tags) is ignored; Update-Params of the pool param, refused while the read was open, succeeds.
   */
  const tick: Choice = { kind: 0, a: 0, b: 0 }
  const reservesOf = (ts: TsEngine) => pending(ts.runtime.state).find((o) => o.kind === 'reserves')
  const newPool = makeId('pool:next')
  const movePool = (_: TsEngine, st: Stimulus) =>
    st.command('Update-Params', {}, JSON.stringify({ pool: newPool }))
  /** per scripted run: was the read still open just before its deadline message? */
  const openAt59s: boolean[] = []
  const silentPool = (lateReply: (ts: TsEngine, st: Stimulus) => AoMessage): Step[] => {
    let open: Record<string, string> | undefined
    return [
      E(0, 0),
      tick,
      tick,
      (ts, st) => {
        open = reservesOf(ts)
        return movePool(ts, st)
      },
      (_ts, st) => {
        // 59 s on (each message adds a second): still waiting; a stranger's message only moves the clock
        st.now = Number(open!.sentAt) + 58_000
        return st.fromWallet(st.stranger, { Action: 'Hello' })
      },
      (ts, st) => {
        openAt59s.push(reservesOf(ts)?.id === open!.id)
        st.now = Number(open!.sentAt) + 59_000
        return lateReply(ts, st)
      },
      (_, st) =>
        st.fromProcess(st.pool, {
          Action: 'Get-Reserves-Response',
          'X-Reference': open!.ref,
          [st.tokens.base]: '777',
          [st.tokens.quote]: '888',
        }),
      movePool,
    ]
  }

  it('a reserves read times out: reserves.timeout drops it, the late reply is ignored, Update-Params then succeeds', async () => {
    // the message at the deadline is the pool's own reply: too late, consumed, and the timeout is raised
    const lateAtDeadline = silentPool((_, st) =>
      st.fromProcess(st.pool, {
        Action: 'Get-Reserves-Response',
        'X-Reference': reservesOf(_)!.ref,
        [st.tokens.base]: '555',
        [st.tokens.quote]: '666',
      }),
    )
    const quietAtDeadline = silentPool((_, st) => st.fromWallet(st.stranger, { Action: 'Hello' }))
    for (const seq of [lateAtDeadline, quietAtDeadline]) {
      const { ts, errs } = await run(seq)
      const S = ts.runtime.state
      // while the read was open the pool param was fixed; the only error after the timeout is the strategy's own
      // (its update-params handler reads a quote that is not there); the param did change
      expect(errs[3].join()).toMatch(
        /param pool names a process and cannot change while order afk-\d+ is in flight/,
      )
      expect(errs[7].join()).not.toMatch(/in flight/)
      expect(S.params.pool).toBe(newPool)
      expect(S.context.resTimeouts).toBe(1n)
      expect([S.context.resIn, S.context.resOut]).toEqual([0n, 0n])
      expect(pending(S).some((o) => o.kind === 'reserves')).toBe(false)
      expect(Object.keys(S.timers).filter((t) => t.startsWith('reserves.'))).toEqual([])
    }
    expect(openAt59s).toEqual([true, true])
  })

  it('a reserves reply in time is read and stops the timer; a new read replaces an open one and its timer', async () => {
    const { ts } = await run([E(0, 0), tick, tick, tick])
    const reads = pending(ts.runtime.state).filter((o) => o.kind === 'reserves')
    expect(reads).toHaveLength(1)
    expect(Object.keys(ts.runtime.state.timers).filter((t) => t.startsWith('reserves.'))).toEqual([
      `reserves.${reads[0].id}`,
    ])
    const read = await run([E(0, 0), tick, tick, E(7, 1, 0), (_, st) => st.tick(120_000)])
    expect(read.ts.runtime.state.context.resIn).toBe(9990n)
    expect(read.ts.runtime.state.context.resTimeouts).toBe(0n)
  })

  it('follows every transition alternative of the machine graph', async () => {
    const seqs = graphSequences(pair.compiled.ir)
    expect(seqs.length).toBeGreaterThan(5)
    for (const seq of seqs) await run(seq)
  })

  it('seeded random sequences mixing owner commands and hostile messages agree', async () => {
    let runs = 0
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ kind: fc.nat(CHOICE_KINDS + EXTRA), a: fc.nat(1000), b: fc.nat(1000) }), {
          minLength: 5,
          maxLength: 24,
        }),
        async (choices: Choice[]) => {
          await run(choices)
          runs++
        },
      ),
      { seed: 4242, numRuns: 150 },
    )
    expect(runs).toBe(150)
  })

  it('planted drift: a Lua gather that counts a timed-out quote as ok is caught', async () => {
    const drift = `package.loaded["afk.batch"].complete = (function(f) return function(rt, d) local g = rt.S.gather; if g and g.open and rt.now >= g.deadline then for _, it in ipairs(g.items) do if not it.done then it.ok = true end end end; return f(rt, d) end end)(package.loaded["afk.batch"].complete)`
    const seq = [E(0, 0), { kind: 0, a: 0, b: 0 }, E(1, 1, 1), E(6)]
    const { ts } = await run(seq) // agrees without the drift
    expect(ts.runtime.state.gather?.items.filter((i) => i.reason === 'timeout').length).toBe(2)
    await expect(run(seq, { drift }).then(() => 'agreed')).rejects.toThrow(DivergenceError)
  })

  it('planted drift: a Lua reserves read that still reads a late reply is caught', async () => {
    const drift = `local R = package.loaded["afk.runtime"]; for _, ev in ipairs(R.events) do if ev.name == 'reserves_reply' then local m = ev.match; ev.match = function(rt, msg) for _, o in pairs(rt.S.orders) do if o.kind == 'reserves' then o.deadline = nil end end; return m(rt, msg) end end end`
    const seq = silentPool((_, st) =>
      st.fromProcess(st.pool, {
        Action: 'Get-Reserves-Response',
        'X-Reference': reservesOf(_)!.ref,
        [st.tokens.base]: '555',
        [st.tokens.quote]: '666',
      }),
    )
    await run(seq) // agrees without the drift
    await expect(run(seq, { drift }).then(() => 'agreed')).rejects.toThrow(DivergenceError)
  })

  it('exercised every batch action, every handled event and the error paths', () => {
    // (the indexed quote and swap inside a batch run as its body, counted as the batch action)
    for (const name of ['quoteAll', 'swapAll', 'forEach', 'set', 'assign'])
      expect(actions.get(name) ?? 0, `action ${name}`).toBeGreaterThan(0)
    for (const ev of pair.compiled.manifest.events)
      expect(events.get(ev) ?? 0, `event ${ev}`).toBeGreaterThan(0)
    expect([...errors].sort(), [...errors].join(' | ')).toEqual(
      expect.arrayContaining([
        'no quotes gathered yet',
        'unconfigured token ID',
        'reserves timeout must be N ms to a day',
      ]),
    )
  })
})

describe('reserves: its timeout in the compiler and the analysis', () => {
  const build = (call: (x: any) => unknown, on: Record<string, unknown> = {}) =>
    defineStrategy({
      id: 'reserves-misuse',
      params: z.object({ base: processId(), quote: processId(), pool: processId() }),
      tokens: ['base', 'quote'],
      cron: { interval: '10-minutes', tags: { Action: 'Cron' } },
      context: { n: 0n },
      machine: (x) => ({
        initial: 'idle',
        states: {
          idle: { on: { tick: { target: 'reading', actions: call(x) as never } } },
          reading: { on: { reserves: 'idle', ...on } },
        },
      }),
    })
  const read = (x: any, more: Record<string, unknown> = {}) =>
    x.reserves({ pool: x.p.pool, tokenIn: x.p.base, tokenOut: x.p.quote, ...more })

  it('timeoutMs is optional and an int', () => {
    const errs = (call: (x: any) => unknown) =>
      compile(build(call), ids)
        .diagnostics.filter((d) => d.severity === 'error')
        .map((d) => `${d.code}: ${d.message}`)
    expect(errs((x) => read(x))).toEqual([])
    expect(errs((x) => read(x, { timeoutMs: 5000 }))).toEqual([])
    expect(errs((x) => read(x, { timeoutMs: 'soon' })).join()).toMatch(
      /type-mismatch: .*timeoutMs\) must be int/,
    )
  })

  it('a state waiting for the read handles reserves.timeout as its timeout', () => {
    const codes = (on: Record<string, unknown>) => {
      const r = compile(
        build((x) => read(x), on),
        ids,
      )
      return analyze(r.ir!).map((f) => `${f.code}:${f.state}`)
    }
    expect(codes({})).toContain('waits-without-timeout:reading')
    expect(codes({ 'reserves.timeout': 'idle' })).not.toContain('waits-without-timeout:reading')
  })
})
