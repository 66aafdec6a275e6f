import { beforeAll, describe, expect, it } from 'vitest'
import dca from '../../agents/dca.ts'
import { makeId } from '../../src/ao/ids.ts'
import type { AoMessage } from '../../src/ao/message.ts'
import type { AosEngine } from '../../src/engine/aosEngine.ts'
import type { DualEngine } from '../../src/engine/DualEngine.ts'
import { type AttackScene, createAttackWorld, T0 } from '../utils/attackWorld.ts'
import { createPair } from '../utils/pair.ts'
import { pending } from '../utils/stimulus.ts'

const HOUR = 3_600_000
const tag = (m: { Tags: AoMessage['Tags'] }, n: string) => m.Tags.find((t) => t.name === n)?.value

/**
 * The attacks of issue 8, replayed on the compiled DCA (TS and Lua engines in lockstep, every message compared) in a
 * World with our token and Botega pool processes on aos. The attacker reads the public Status after every message
 * the agent handles and races the agent's next order; process messages take 100 ms, a wallet's own none.
 */
describe('issue 8 attacks on the compiled DCA (aos + TS engine, real token and pool processes)', () => {
  let env: Awaited<ReturnType<typeof createAttackWorld>>
  beforeAll(async () => {
    env = await createAttackWorld()
  }, 120_000)

  /** Fails the test on the first agent message after which the books exceed a token ledger. */
  function watchBooks(s: AttackScene): { violations: string[] } {
    const v = { violations: [] as string[] }
    s.world.onEvaluated(async (e) => {
      if (e.process !== s.ids.agent) return
      try {
        await s.expectBooksWithinLedger()
      } catch (err) {
        v.violations.push(`${(err as Error).message} (after ${tag(e.message, 'Action') ?? 'tick'})`)
      }
    })
    return v
  }

  /** Calls `fn` once for each new order of `kind` the agent opens (read from its public state). */
  function onNewOrder(s: AttackScene, kind: string, fn: (o: Record<string, string>) => void) {
    const seen = new Set<string>()
    s.world.onEvaluated((e) => {
      if (e.process !== s.ids.agent) return
      for (const o of Object.values(s.state.orders))
        if (o.kind === kind && !seen.has(o.id)) {
          seen.add(o.id)
          fn(o)
        }
    })
  }

  it('baseline: the DCA buys on each tick and the owner withdraws everything', async () => {
    const s = env.fresh()
    const v = watchBooks(s)
    await s.deposit(5_000_000n)
    await s.world.run({ until: T0 + 3 * HOUR + 60_000 })
    expect(s.state.context.buys).toBe(3n)
    expect(v.violations).toEqual([])
    await s.ownerWithdrawsEverything()
  })
  it('item 2: a provoked Transfer-Error (X-Reference of the pending swap) credits nothing back', async () => {
    const s = env.fresh()
    const v = watchBooks(s)
    await s.deposit(5_000_000n)
    // the attacker's own Transfer of 10^30 fails at the token, which answers the agent (Reply-To) with the swap's Reference
    onNewOrder(s, 'swap', (o) =>
      s.send(
        s.ids.attacker,
        s.ids.quote,
        {
          Action: 'Transfer',
          Recipient: s.ids.attacker,
          Quantity: String(10n ** 30n),
          'Reply-To': s.ids.agent,
          'X-Reference': o.ref,
        },
        '',
        s.world.now + 1,
      ),
    )
    await s.world.run({ until: T0 + HOUR + 60_000 })
    expect(s.state.context.failures).toBe(1n) // the strategy heard swap.failed ...
    expect(await s.ledger('quote')).toBe(4_000_000n) // ... but the swap executed
    expect(s.books('quote')).toBe(4_000_000n) // and the resync from the token agrees
    expect(s.state.syncs).toEqual({})
    // and while an owner Withdraw is in flight
    s.command('Withdraw', { Token: 'quote', Quantity: '1000000' })
    onNewOrder(s, 'withdraw', (o) =>
      s.send(
        s.ids.attacker,
        s.ids.quote,
        {
          Action: 'Transfer',
          Recipient: s.ids.attacker,
          Quantity: String(10n ** 30n),
          'Reply-To': s.ids.agent,
          'X-Reference': o.ref,
        },
        '',
        s.world.now + 1,
      ),
    )
    await s.run(HOUR)
    expect(v.violations).toEqual([])
    await s.ownerWithdrawsEverything()
  })

  it('item 3: a provoked tagged Debit-Notice plus stale Balance replies never set the books', async () => {
    const s = env.fresh()
    const v = watchBooks(s)
    s.command('Pause')
    await s.deposit(5_000_000n)
    let once = false
    onNewOrder(s, 'withdraw', (o) => {
      if (once) return
      once = true
      // a real transfer of the attacker's own 4,000,000 to the owner, tagged and referenced like our withdraw
      s.send(
        s.ids.attacker,
        s.ids.quote,
        {
          Action: 'Transfer',
          Recipient: s.ids.owner,
          Quantity: o.amount,
          'Reply-To': s.ids.agent,
          'X-Afk-Order': o.id,
          'X-Reference': o.ref,
        },
        '',
        s.world.now + 1,
      )
      s.send(
        s.ids.attacker,
        s.ids.quote,
        { Action: 'Balance', Recipient: s.ids.agent, 'Reply-To': s.ids.agent },
        '',
        s.world.now + 2,
      )
    })
    // and whenever a sync shows in Status, a Balance request echoing its Reference, before the token sees the sync
    const guessed = new Set<string>()
    s.world.onEvaluated((e) => {
      if (e.process !== s.ids.agent) return
      for (const sy of Object.values(s.state.syncs))
        if (!guessed.has(sy.balRef)) {
          guessed.add(sy.balRef)
          s.send(
            s.ids.attacker,
            s.ids.quote,
            {
              Action: 'Balance',
              Recipient: s.ids.agent,
              'Reply-To': s.ids.agent,
              'X-Reference': sy.balRef,
            },
            '',
            s.world.now + 1,
          )
        }
    })
    s.command('Withdraw', { Token: 'quote', Quantity: '4000000' })
    await s.run(HOUR)
    expect(await s.ledger('quote')).toBe(1_000_000n)
    expect(s.books('quote')).toBe(1_000_000n)
    expect(v.violations).toEqual([])
    await s.ownerWithdrawsEverything()
  })

  it('item 4: provoked quote replies (error, other amount, malformed) never cancel a buy', async () => {
    const s = env.fresh()
    const v = watchBooks(s)
    await s.deposit(5_000_000n)
    onNewOrder(s, 'quote', (o) => {
      const ask = (tags: Record<string, string>, dt: number) =>
        s.send(
          s.ids.attacker,
          s.ids.pool,
          {
            Action: 'Get-Swap-Output',
            Swapper: s.ids.attacker,
            'Reply-To': s.ids.agent,
            'X-Reference': o.ref,
            ...tags,
          },
          '',
          s.world.now + dt,
        )
      ask({ Token: 'nope', Quantity: '1' }, 1)
      ask({ Token: s.ids.quote, Quantity: '1' }, 2)
      ask({ Token: s.ids.quote, Quantity: 'abc' }, 3)
    })
    await s.world.run({ until: T0 + 3 * HOUR + 60_000 })
    expect(s.state.context).toMatchObject({ buys: 3n, failures: 0n })
    expect(v.violations).toEqual([])
    await s.ownerWithdrawsEverything()
  })

  it('item 5: a re-delivered fill and a re-delivered deposit count once', async () => {
    const s = env.fresh()
    const v = watchBooks(s)
    const delivered: AoMessage[] = []
    s.world.onEvaluated((e) => {
      if (e.process === s.ids.agent && tag(e.message, 'Action') === 'Credit-Notice') delivered.push(e.message)
    })
    await s.deposit(5_000_000n)
    await s.world.run({ until: T0 + HOUR + 60_000 })
    expect(s.state.context.buys).toBe(1n)
    expect(delivered.map((m) => tag(m, 'X-Action') ?? 'deposit')).toEqual(['deposit', 'Swap-Output'])
    for (const m of delivered) s.world.inject({ ...m, Timestamp: s.world.now + 10 })
    await s.run(60_000)
    expect(s.books('quote')).toBe(4_000_000n)
    expect(s.books('base')).toBe(await s.ledger('base'))
    expect(v.violations).toEqual([])
    await s.ownerWithdrawsEverything()
  })

  it('item 6: Update-Params between the quote and the swap re-quotes instead of mixing old and new amounts', async () => {
    const s = env.fresh()
    const v = watchBooks(s)
    const asked: string[] = []
    const swapped: Array<[string, string]> = []
    s.world.onEvaluated((e) => {
      if (e.process !== s.ids.agent) return
      for (const m of e.result.Messages) {
        if (tag(m, 'Action') === 'Get-Swap-Output') asked.push(tag(m, 'Quantity')!)
        if (tag(m, 'X-Action') === 'Swap')
          swapped.push([tag(m, 'Quantity')!, tag(m, 'X-Expected-Min-Output')!])
      }
    })
    await s.deposit(500_000_000n)
    let first = true
    onNewOrder(s, 'quote', () => {
      if (first) s.command('Update-Params', {}, '{"amount":"100000000"}')
      first = false
    })
    await s.world.run({ until: T0 + 2 * HOUR + 60_000 })
    expect(asked).toEqual(['1000000', '100000000'])
    expect(swapped.length).toBe(1)
    expect(swapped[0][0]).toBe('100000000')
    expect(BigInt(swapped[0][1])).toBeGreaterThan(90_000_000n) // min-output of the new amount, not of the old one
    expect(s.state.context).toMatchObject({ buys: 1n, refunds: 0n })
    expect(v.violations).toEqual([])
    await s.ownerWithdrawsEverything()
  })

  it('item 7: owner footguns are refused with an error, and the owner still withdraws everything', async () => {
    const s = env.fresh()
    await s.deposit(5_000_000n)
    const errors: string[] = []
    s.world.onExternal((m) => {
      if (m.From === s.ids.agent && tag(m, 'Action') === 'Agent-Error')
        errors.push(`${tag(m, 'Code')}: ${tag(m, 'Error')}`)
    })
    for (const to of [s.ids.quote, s.ids.base, s.ids.pool, s.ids.agent])
      s.command('Transfer-Ownership', { 'New-Owner': to })
    s.command('Update-Params', {}, `{"quoteTimeoutMs":"${(1n << 255n) - 1n}"}`)
    s.command('Update-Params', {}, '{"amount": null}')
    for (const a of ['withdraw', ' Withdraw', 'WITHDRAW', 'Transfer-ownership'])
      s.command(a, { Token: 'quote' })
    await s.run(10_000)
    expect(errors).toEqual([
      ...Array(4).fill(
        'INVALID_COMMAND: New-Owner must not be the agent itself or a token or pool it uses: funds sent there are unreachable',
      ),
      'INVALID_PARAMS: param quoteTimeoutMs is out of range',
      'INVALID_PARAMS: a param value must not be null',
      'UNKNOWN_COMMAND: unknown command "withdraw"; did you mean Withdraw?',
      'UNKNOWN_COMMAND: unknown command " Withdraw"; did you mean Withdraw?',
      'UNKNOWN_COMMAND: unknown command "WITHDRAW"; did you mean Withdraw?',
      'UNKNOWN_COMMAND: unknown command "Transfer-ownership"; did you mean Transfer-Ownership?',
    ])
    expect(s.state.owner).toBe(s.ids.owner)
    await s.world.run({ until: T0 + 2 * HOUR + 60_000 })
    expect(s.state.context.buys).toBe(2n) // ticks still buy
    await s.ownerWithdrawsEverything()
  })
  // aos JSON-decodes every message in Lua (~2 s per 4 MB here), so npm test floods a sample (~17 MB) and checks the
  // Inbox stays empty; `npm run fuzz -- --flood-mb 1024` sends the full gigabyte.
  it('item 1: an Inbox flood of Evals (4 MB, 16 KB and 1 KB) is dropped; the owner still withdraws', async () => {
    const s = env.fresh()
    await s.deposit(5_000_000n)
    const sizes = [...Array(4).fill(4 * 1024 * 1024), ...Array(50).fill(16 * 1024), ...Array(20).fill(1024)]
    let bytes = 0
    for (const [i, n] of sizes.entries()) {
      const body = `-- ${i} ${'x'.repeat(n - 16)}`
      bytes += body.length
      s.send(s.ids.attacker, s.ids.agent, { Action: 'Eval' }, body, s.world.now + i)
      if (i % 50 === 49) await s.run(1_000) // keep the world's queue short
    }
    await s.run(10_000)
    expect(bytes).toBeGreaterThan(17_000_000)
    const lua = (s.dual as DualEngine).lua as AosEngine
    const inbox = await lua.process.eval('return #Inbox', {
      id: `inbox:${s.world.now}`,
      timestamp: s.world.now,
      blockHeight: 1000,
    })
    expect(Number(inbox.trim())).toBeLessThanOrEqual(1) // only the spawn message aos itself keeps
    // Status, ticks and Withdraw all still work
    s.command('Status')
    await s.world.run({ until: T0 + HOUR + 60_000 })
    expect(s.state.context.buys).toBe(1n)
    await s.ownerWithdrawsEverything()
  }, 120_000)
})

describe('issue 8 attacks on the immutable DCA (aos + TS engine, real token and pool processes)', () => {
  it('item 9: an immutable agent refuses every Eval after boot, shows it in Status, and the owner withdraws everything', async () => {
    const env = await createAttackWorld({ immutable: true })
    const s = env.fresh()
    await s.deposit(5_000_000n)
    expect(env.compiled.lua).toMatch(/immutable"?\]? = true/)
    const before = await s.dual.statusJson()
    expect(JSON.parse(before).immutable).toBe(true)
    const errors: string[] = []
    s.world.onExternal((m) => {
      if (m.From === s.ids.agent && tag(m, 'Action') === 'Agent-Error') errors.push(`${tag(m, 'Code')}`)
    })
    const rewrite = `AfkState.owner = "${s.ids.attacker}"; AfkState.balances.quote = require("afk.q").new("10")`
    s.send(s.ids.owner, s.ids.agent, { Action: 'Eval' }, rewrite)
    s.send(s.ids.attacker, s.ids.agent, { Action: 'Eval' }, rewrite)
    await s.run(1_000)
    expect(errors).toEqual(['IMMUTABLE']) // the owner is told; a stranger's Eval is dropped
    expect(await s.dual.statusJson()).toBe(before)
    // a new owner cannot Eval either (aos's Owner was renounced at boot)
    const heir = makeId('atk:heir')
    s.command('Transfer-Ownership', { 'New-Owner': heir })
    await s.run(1_000)
    s.send(heir, s.ids.agent, { Action: 'Eval' }, rewrite)
    await s.run(1_000)
    expect(errors).toEqual(['IMMUTABLE', 'IMMUTABLE'])
    expect(s.state.owner).toBe(heir)
    expect(s.books('quote')).toBe(5_000_000n)
    await s.ownerWithdrawsEverything()
  }, 120_000)
})

describe('issue 8 attacks needing a token or pool answer ours do not give (aos + TS in lockstep, CU-shaped stimuli)', () => {
  const ids = { base: makeId('token:base'), quote: makeId('token:quote'), pool: makeId('pool') }
  const params = {
    ...ids,
    amount: '1000',
    slippageBps: 100,
    quoteTimeoutMs: '60000',
    swapTimeoutMs: '600000',
  }
  let pair: Awaited<ReturnType<typeof createPair>>
  beforeAll(async () => {
    pair = await createPair(dca, params, ids)
  })

  it('item 8: an overflowing Credit-Notice (the aos blueprint moves 5·10^12 of 2^256 + 5·10^12) resyncs from the token', async () => {
    const { dual, ts, stim } = pair.fresh()
    const r = await dual.handle(stim.deposit('quote', 2n ** 256n + 5n * 10n ** 12n))
    expect(r.Messages.map((m) => `${tag(m, 'Action')}→${tag(m, 'Recipient')}`)).toEqual([
      `Transfer→${pair.agent}`, // the sync's self-transfer of 1
      `Balance→${pair.agent}`,
    ])
    expect(ts.runtime.state.balances.quote).toBe(0n)
    // the token's ledger says 5·10^12: its sync answer books exactly that
    await dual.handle(stim.syncMarker(ts.runtime.state, 'quote'))
    await dual.handle(stim.syncReply(ts.runtime.state, 'quote', 5n * 10n ** 12n))
    expect(ts.runtime.state.balances.quote).toBe(5n * 10n ** 12n)
    const w = await dual.handle(stim.command('Withdraw', { Token: 'quote' }))
    expect([tag(w.Messages[0], 'Recipient'), tag(w.Messages[0], 'Quantity')]).toEqual([
      pair.owner,
      '5000000000000',
    ])
  })

  it('item 10: error replies without X-Reference never cancel a quote, Output = 0 fails it, unanswered quotes never pile up', async () => {
    const { dual, ts, stim } = pair.fresh()
    await dual.handle(stim.deposit('quote', 5000n))
    await dual.handle(stim.tick())
    const [q] = pending(ts.runtime.state, 'quote')
    // as the real pool answers an unknown token: ao.send, no X-Reference (and a provoked one with our Reference)
    await dual.handle(
      stim.fromProcess(ids.pool, {
        Action: 'Get-Swap-Output-Error',
        Error: 'Unknown token',
        Status: 'Error',
      }),
    )
    await dual.handle(stim.quoteError(q))
    expect(ts.runtime.state.value).toBe('quoting')
    expect(pending(ts.runtime.state, 'quote')).toEqual([q])
    // no answer at all (a malformed request): the strategy's timeout ends it (a tick in the same slot buys nothing),
    // the next slot's quote supersedes it
    await dual.handle(stim.tick(120_000))
    expect(ts.runtime.state.value).toBe('idle')
    expect(pending(ts.runtime.state, 'quote')).toEqual([q])
    await dual.handle(stim.tick(3_600_000))
    expect(pending(ts.runtime.state, 'quote').length).toBe(1)
    expect(pending(ts.runtime.state, 'quote')[0].id).not.toBe(q.id)
    // an empty pool quotes Output = 0: a verified answer, the quote fails at once
    await dual.handle(stim.quoteReply(pending(ts.runtime.state, 'quote')[0], 0n))
    expect(ts.runtime.state.value).toBe('idle')
    expect(ts.runtime.state.context.failures).toBe(2n) // one timeout, one empty pool
    expect((await dual.snapshot()).context.skips).toEqual({ 'quote-timeout': '1', 'quote-failed': '1' })
    expect(pending(ts.runtime.state, 'quote')).toEqual([])
    const w = await dual.handle(stim.command('Withdraw', { Token: 'quote' }))
    expect(tag(w.Messages[0], 'Quantity')).toBe('5000')
  })

  it('item 5 (settled orders): a fill naming a settled order is never booked twice, even once its id is forgotten', async () => {
    const { dual, ts, stim } = pair.fresh()
    await dual.handle(stim.deposit('quote', 5000n))
    await dual.handle(stim.tick())
    await dual.handle(stim.quoteReply(pending(ts.runtime.state, 'quote')[0], 2000n))
    const [o] = pending(ts.runtime.state, 'swap')
    await dual.handle(stim.fill(o, 1990n))
    expect(ts.runtime.state.balances.base).toBe(1990n)
    // the same fill under a new message id (the handled-id memory is bounded): a resync, not a second credit
    const again = await dual.handle(stim.fill(o, 1990n))
    expect(ts.runtime.state.balances.base).toBe(1990n)
    expect(again.Messages.map((m) => tag(m, 'Action'))).toEqual(['Transfer', 'Balance'])
  })
})
