import { afterEach, describe, expect, it, vi } from 'vitest'
import { aosRoot, rootTag } from '../../src/ao/aosMessage.ts'
import type { AoMessage, Tag } from '../../src/ao/message.ts'
import { AgentTracker } from '../../src/harness/backtest/AgentTracker.ts'
import { PortfolioTracker } from '../../src/harness/backtest/PortfolioTracker.ts'
import { readRecordedSwap } from '../../src/harness/market/recordedSwaps.ts'
import type { Evaluation } from '../../src/harness/world/World.ts'

/**
 * The backtest report reads a recorded message's tags as aos shows them to the agent and the pools (the message root:
 * names normalized, the last of duplicates wins; test/ao/duplicateTags.test.ts measures that on the module), not as
 * "the first tag with that exact name". Every case here is a message on which the two readings disagree.
 */

const [AGENT, OWNER, POOL, BASE, QUOTE] = ['agent', 'owner', 'pool', 'base', 'quote']

const msg = (from: string, target: string, t: number, tags: [string, string][]): AoMessage => ({
  Id: `m${t}`,
  Owner: from,
  From: from,
  Target: target,
  Data: '',
  Tags: tags.map(([name, value]) => ({ name, value })),
  Timestamp: t,
  'Block-Height': 1,
  Cron: false,
})
const ev = (process: string, message: AoMessage): Evaluation =>
  ({ process, message, result: {}, at: message.Timestamp }) as unknown as Evaluation

/** The reading the report used before: the first tag with exactly this name. */
const firstExact = (m: { Tags: Tag[] }, name: string) => m.Tags.find((t) => t.name === name)?.value

// The owner deposits: two Quantity tags (aos: 700), then a deposit whose only Action tag is spelled `action`.
const deposits = [
  msg(QUOTE, AGENT, 1, [
    ['Action', 'Credit-Notice'],
    ['Sender', OWNER],
    ['Quantity', '100'],
    ['Quantity', '700'],
  ]),
  msg(QUOTE, AGENT, 2, [
    ['action', 'Credit-Notice'],
    ['sender', OWNER],
    ['Quantity', '50'],
  ]),
]
// A swap notice reaching the pool: `x_action`, two Quantity, `Action` twice (aos: the last, Credit-Notice).
const swapNotice = msg(BASE, POOL, 3, [
  ['Action', 'Debit-Notice'],
  ['Action', 'Credit-Notice'],
  ['x_action', 'Swap'],
  ['Sender', 'trader'],
  ['Quantity', '5'],
  ['quantity', '9000'],
  ['X-Expected-Min-Output', '1'],
])
const all = [...deposits, swapNotice]

async function agentReport(Tracker: typeof AgentTracker) {
  const tr = new Tracker(AGENT, OWNER, {
    pool: POOL,
    base: BASE,
    quote: QUOTE,
    quoteSwap: async () => ({ out: 0n, fee: 0n }),
    baseAtSpot: async (a) => a,
  })
  for (const m of deposits) await tr.observe(ev(AGENT, m))
  return { cashflows: tr.cashflows, quote: tr.balance(QUOTE) }
}

async function portfolio(Tracker: typeof PortfolioTracker) {
  const pt = new Tracker(AGENT, { id: QUOTE, ticker: 'Q', denomination: 0 }, [], () => 1)
  for (const m of deposits) pt.observe(ev(AGENT, m))
  return (await pt.at(3)).value
}

describe('report readers read tags as aos does', () => {
  afterEach(() => {
    vi.doUnmock('../../src/ao/aosMessage.ts')
    vi.resetModules()
  })

  it('rootTag answers what aosRoot puts on the root, name by name (the old reading does not)', () => {
    const names = ['Action', 'Sender', 'Quantity', 'X-Action', 'X-Expected-Min-Output', 'Recipient']
    for (const m of all) {
      const root = aosRoot(m)
      for (const n of names) expect(rootTag(m, n), `${m.Id} ${n}`).toBe(root[n])
    }
    // planted drift: the old reading fails the same comparison
    expect(all.some((m) => names.some((n) => firstExact(m, n) !== aosRoot(m)[n]))).toBe(true)
    expect(() => rootTag(swapNotice, 'quantity')).toThrow(/not a normalized ASCII tag name/)
    expect(() => rootTag(swapNotice, 'From-Process')).toThrow(/does not copy/)
    expect(() => rootTag(swapNotice, 'Timestamp')).toThrow(/message field/)
  })

  it('AgentTracker and PortfolioTracker count the deposits aos showed the agent; the old reading does not', async () => {
    const aos = {
      cashflows: [
        { t: 1, amount: '700' },
        { t: 2, amount: '50' },
      ],
      quote: 750n,
    }
    expect(await agentReport(AgentTracker)).toEqual(aos)
    expect(await portfolio(PortfolioTracker)).toBe('750')

    // planted drift: put the old reading back behind rootTag and the same reports move off what aos did
    vi.resetModules()
    vi.doMock('../../src/ao/aosMessage.ts', async (orig) => ({
      ...(await orig<typeof import('../../src/ao/aosMessage.ts')>()),
      rootTag: firstExact,
    }))
    const old = {
      agent: (await import('../../src/harness/backtest/AgentTracker.ts')).AgentTracker,
      portfolio: (await import('../../src/harness/backtest/PortfolioTracker.ts')).PortfolioTracker,
    }
    expect(await agentReport(old.agent)).toEqual({ cashflows: [{ t: 1, amount: '100' }], quote: 100n })
    expect(await portfolio(old.portfolio)).toBe('100')
  })

  it('a recorded swap notice is read as the pool saw it', () => {
    const r = readRecordedSwap(swapNotice)
    expect(r).toEqual({
      swap: { t: 3, id: 'm3', trader: 'trader', tokenIn: BASE, amountIn: 9000n, minOut: 1n },
    })
    const root = aosRoot(swapNotice)
    expect(r && 'swap' in r ? String(r.swap.amountIn) : '').toBe(root.Quantity)
    // planted drift: the old reading saw a Debit-Notice without X-Action, i.e. no swap at all
    expect([firstExact(swapNotice, 'Action'), firstExact(swapNotice, 'X-Action')]).toEqual([
      'Debit-Notice',
      undefined,
    ])
  })
})
