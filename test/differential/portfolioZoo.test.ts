import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import { makeId } from '../../src/ao/ids.ts'
import { DivergenceError, DualEngine } from '../../src/engine/DualEngine.ts'
import portfolioZoo from '../fixtures/portfolioZoo.ts'
import { CHOICE_KINDS, type Choice, expectOwnerCanWithdraw, messageFor } from '../utils/drive.ts'
import { graphSequences } from '../utils/graphSequences.ts'
import { createPair } from '../utils/pair.ts'
import { errorTexts, Recording } from '../utils/recording.ts'

const ids = { base: makeId('token:base'), quote: makeId('token:quote'), pool: makeId('pool') }
const asset = (n: string, weightBps: number) => ({
  token: makeId(`asset:${n}`),
  pool: makeId(`pool:${n}`),
  weightBps,
  label: n,
})
const params = { ...ids, amount: '1000', assets: [asset('AR', 5000), asset('AO', 3000), asset('USD', 2000)] }

describe('portfolio zoo: every collection primitive agrees on the TS engine and aos', () => {
  let pair: Awaited<ReturnType<typeof createPair>>
  const events = new Map<string, number>()
  const actions = new Map<string, number>()
  const errors = new Set<string>()

  beforeAll(async () => {
    pair = await createPair(portfolioZoo, params, ids)
  })

  /** Drives both engines: messages, logs and Status after every message, and every Agent-Error text. */
  const run = async (choices: Choice[], opts: { drift?: string } = {}) => {
    const { ts, lua, stim } = pair.fresh()
    if (opts.drift) await lua.handle(stim.fromWallet(pair.owner, { Action: 'Eval' }, opts.drift))
    const [a, b] = [new Recording(ts), new Recording(lua)]
    const dual = new DualEngine(a, b)
    for (const ch of choices) {
      await dual.handle(messageFor(ch, ts, stim))
      expect(errorTexts(b.last)).toEqual(errorTexts(a.last))
      for (const e of errorTexts(a.last)) errors.add(e.replace(/[0-9]+/g, 'N'))
    }
    await expectOwnerCanWithdraw(dual, ts, stim)
    for (const [k, v] of ts.runtime.stats.events) events.set(k, (events.get(k) ?? 0) + v)
    for (const [k, v] of ts.runtime.stats.actions) actions.set(k, (actions.get(k) ?? 0) + v)
    return { ts }
  }

  it('boots identically (the entry action reads the list param)', () => expect(pair.bootEqual).toBe(true))

  it('a ring fills, wraps and is iterated while pushed into; the map and Status agree', async () => {
    const { ts } = await run([
      ...[0, 1, 2, 3, 4].map((a) => ({ kind: 2, a, b: 0 })),
      { kind: 0, a: 0, b: 0 },
      { kind: 0, a: 0, b: 0 },
    ])
    const snap = ts.runtime.state.context
    expect((snap.window as bigint[]).length).toBe(4)
    expect(Object.keys(snap.marks as object).length).toBeGreaterThan(3)
  })

  it('follows every transition alternative of the machine graph', async () => {
    const seqs = graphSequences(pair.compiled.ir)
    expect(seqs.length).toBeGreaterThan(10)
    for (const seq of seqs) await run(seq)
  })

  it('seeded random sequences mixing owner commands and hostile messages agree', async () => {
    let runs = 0
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ kind: fc.nat(CHOICE_KINDS), a: fc.nat(1000), b: fc.nat(1000) }), {
          minLength: 5,
          maxLength: 30,
        }),
        async (choices: Choice[]) => {
          await run(choices)
          runs++
        },
      ),
      { seed: 909, numRuns: 150 },
    )
    expect(runs).toBe(150)
  })

  it('a list param set to a non-list is refused alike on both engines', async () => {
    const { ts, lua, stim } = pair.fresh()
    const [a, b] = [new Recording(ts), new Recording(lua)]
    const dual = new DualEngine(a, b)
    const r = await dual.handle(stim.command('Update-Params', {}, JSON.stringify({ assets: 'x' })))
    expect(r.Messages[0].Tags.find((t) => t.name === 'Code')?.value).toBe('INVALID_PARAMS')
    expect(errorTexts(b.last)).toEqual(errorTexts(a.last))
  })

  it('planted drift: a Lua helper that rounds differently is caught', async () => {
    // isqrt rounding up instead of down, only in Lua
    const drift = `package.loaded["afk.coll"].isqrt = (function(f) return function(n) local r = f(n); if r * r ~= n then return r + 1 end; return r end end)(package.loaded["afk.coll"].isqrt)`
    // deposits of 1, 7, 999 and 1000: the sum of their squares is no perfect square
    const deposits = [0, 1, 2, 3].map((a) => ({ kind: 2, a, b: 0 }))
    const agreed = run([...deposits, { kind: 0, a: 0, b: 0 }], { drift }).then(() => 'agreed')
    await expect(agreed).rejects.toThrow(DivergenceError)
  })

  it('exercised every collection action, every handled event and the error paths', () => {
    for (const name of ['forEach', 'push', 'set', 'assign', 'log', 'transfer', 'quote'])
      expect(actions.get(name) ?? 0, `action ${name}`).toBeGreaterThan(0)
    for (const ev of pair.compiled.manifest.events)
      expect(events.get(ev) ?? 0, `event ${ev}`).toBeGreaterThan(0)
    expect([...errors].sort(), [...errors].join(' | ')).toEqual(
      expect.arrayContaining([
        'index -N is out of range (length N)',
        'min of an empty list',
        'isqrt of a negative number',
        'clamp bounds are reversed',
      ]),
    )
  })
})
