import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeId } from '../../src/ao/ids.ts'
import { ACTION_PRIMITIVES, knownEvents } from '../../src/strategy/primitives/registry.ts'
import { ORDER_REFUSED_EVENT } from '../../src/strategy/risk.ts'
import zoo from '../fixtures/zoo.ts'
import { CHOICE_KINDS, type Choice, drive, expectOwnerCanWithdraw } from '../utils/drive.ts'
import { graphSequences } from '../utils/graphSequences.ts'
import { createPair } from '../utils/pair.ts'

const COLLECTION_ACTIONS = ['forEach', 'push', 'set']
/** exercised by their own zoos: ask by askZoo.test.ts; batches and reserves reads by batchZoo.test.ts; poolInfo by poolInfo.test.ts */
const OWN_ZOO = ['ask', 'quoteAll', 'swapAll', 'reserves', 'poolInfo']
const BATCH_EVENTS = [
  'quotes',
  'swaps.done',
  'reserves',
  'reserves.timeout',
  'info',
  'info.failed',
  'info.timeout',
]
const ids = { base: makeId('token:base'), quote: makeId('token:quote'), pool: makeId('pool') }
const params = {
  ...ids,
  friend: makeId('friend'),
  amount: '1000',
  slippageBps: 250,
  label: 'zoo "q"\n',
  flag: true,
}

describe('primitive zoo: every primitive, event and machine feature agrees on both engines', () => {
  let pair: Awaited<ReturnType<typeof createPair>>
  const events = new Map<string, number>()
  const actions = new Map<string, number>()
  const record = (s: { events: Map<string, number>; actions: Map<string, number> }) => {
    for (const [k, v] of s.events) events.set(k, (events.get(k) ?? 0) + v)
    for (const [k, v] of s.actions) actions.set(k, (actions.get(k) ?? 0) + v)
  }
  beforeAll(async () => {
    pair = await createPair(zoo, params, ids)
  })

  it('boots identically (root entry action runs in both)', () => expect(pair.bootEqual).toBe(true))

  it('follows every simple path of the machine graph (xstate/graph)', async () => {
    const seqs = graphSequences(pair.compiled.ir)
    expect(seqs.length).toBeGreaterThan(10)
    for (const seq of seqs) {
      const { dual, ts, stim } = pair.fresh()
      await drive(dual, ts, stim, seq)
      record(ts.runtime.stats)
    }
  })

  it('seeded random sequences agree (fast-check)', async () => {
    let runs = 0
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ kind: fc.nat(CHOICE_KINDS), a: fc.nat(1000), b: fc.nat(1000) }), {
          minLength: 5,
          maxLength: 50,
        }),
        async (choices: Choice[]) => {
          const { dual, ts, stim } = pair.fresh()
          await drive(dual, ts, stim, choices)
          await expectOwnerCanWithdraw(dual, ts, stim)
          record(ts.runtime.stats)
          runs++
        },
      ),
      { seed: 424242, numRuns: 120 },
    )
    expect(runs).toBe(120)
  })

  afterAll(() => {
    // the differential runs really exercised every primitive and every event the runtime can produce
    // the collection actions are exercised by the portfolio zoo (portfolioZoo.test.ts), ask by askZoo.test.ts
    for (const name of Object.keys(ACTION_PRIMITIVES).filter(
      (n) => !COLLECTION_ACTIONS.includes(n) && !OWN_ZOO.includes(n),
    ))
      expect(actions.get(name) ?? 0, `action ${name}`).toBeGreaterThan(0)
    // order.refused needs a strategy with risk controls (risk.test.ts); batch events the batch zoo (batchZoo.test.ts)
    const raised = Object.keys(ORDER_REFUSED_EVENT)
    for (const ev of [
      ...Object.keys(knownEvents()).filter((e) => !raised.includes(e) && !BATCH_EVENTS.includes(e)),
      'timeout.watch',
      'timeout.again',
    ])
      expect(events.get(ev) ?? 0, `event ${ev}`).toBeGreaterThan(0)
  })
})
