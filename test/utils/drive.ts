import type { AoMessage } from '../../src/ao/message.ts'
import type { DualEngine } from '../../src/engine/DualEngine.ts'
import { tokenId, tokenNames } from '../../src/engine/runtime/tokens.ts'
import type { TsEngine } from '../../src/engine/tsEngine.ts'
import { pending, type Stimulus } from './stimulus.ts'

export interface Choice {
  kind: number
  a: number
  b: number
}

export const CHOICE_KINDS = 36
const AMOUNTS = [1n, 7n, 999n, 1000n, 2500n, 10_000n, 123_456_789n, 10n ** 30n]
const BAD_QUANTITIES = ['1.5', '-5', 'abc', '1e3', '', `${'9'.repeat(90)}`, ' 12']

/** Builds the message for one random choice from the TS engine's current state (orders, owner). */
export function messageFor(ch: Choice, ts: TsEngine, st: Stimulus): AoMessage {
  const S = ts.runtime.state
  const amt = AMOUNTS[ch.a % AMOUNTS.length]
  const pick = (list: Array<Record<string, string>>) => list[ch.b % Math.max(1, list.length)]
  const swaps = pending(S, 'swap')
  const quotes = pending(S, 'quote')
  // orders a token answers (an ask is answered by the asked process; quotes and reserves reads by a pool)
  const transfers = pending(S).filter((o) => o.kind !== 'quote' && o.kind !== 'ask' && o.kind !== 'reserves')
  const owner = S.owner === st.owner ? st.owner : S.owner
  switch (ch.kind) {
    case 0:
      return st.tick((ch.a % 4) * 1_200_000)
    case 1:
      return st.deposit('quote', amt)
    case 2:
      return st.deposit('base', amt)
    case 3:
      return quotes.length ? st.quoteReply(pick(quotes), ch.b % 5 === 0 ? 0n : amt * 3n) : st.tick()
    case 4:
      return quotes.length ? st.quoteError(pick(quotes)) : st.deposit('quote', amt)
    case 5:
      return swaps.length ? st.fill(pick(swaps), amt) : st.tick()
    case 6:
      return swaps.length ? st.refund(pick(swaps)) : st.tick()
    case 7:
      return transfers.length ? st.transferError(pick(transfers)) : st.deposit('quote', amt)
    case 8:
      return transfers.length ? st.debit(pick(transfers)) : st.deposit('base', amt)
    case 9:
      return st.balance(ch.a % 2 ? 'quote' : 'base', amt)
    case 10:
      return st.command('Pause', {}, '', owner)
    case 11:
      return st.command('Resume', {}, '', owner)
    case 12:
      return st.command('Status', {}, '', ch.a % 2 ? owner : st.stranger)
    case 13:
      return st.command(
        'Withdraw',
        ch.b % 3 === 0
          ? { Token: 'quote' }
          : { Token: ch.a % 2 ? 'quote' : st.tokens.base, Quantity: String(amt) },
        '',
        owner,
      )
    case 14: {
      const patches = [
        { amount: String(amt) },
        { slippageBps: String(ch.b % 6000) },
        { amount: 'lots' },
        { unknownParam: '1' },
        { base: st.strangerProcess },
        { label: `L${ch.b % 10}`, flag: ch.a % 2 ? 'true' : 'false' },
      ]
      const data = ch.b % 7 === 6 ? '{not json' : JSON.stringify(patches[ch.a % patches.length])
      return st.command('Update-Params', {}, data, owner)
    }
    case 15:
      return st.command('Transfer-Ownership', { 'New-Owner': ch.a % 3 === 0 ? 'short' : st.owner }, '', owner)
    case 16:
      return st.command('Liquidate', {}, '', owner)
    case 17:
      return st.command(
        ['Withdraw', 'Pause', 'Liquidate', 'Update-Params'][ch.a % 4],
        { Token: 'quote' },
        '{}',
        st.stranger,
      )
    case 18:
      return st.fromProcess(st.strangerProcess, {
        Action: 'Credit-Notice',
        Sender: st.stranger,
        Quantity: String(amt),
      })
    case 19:
      return st.fromWallet(st.stranger, { Cron: 'true', Action: 'Cron' })
    case 20:
      return st.fromProcess(st.tokens.quote, {
        Action: 'Credit-Notice',
        Sender: st.stranger,
        Quantity: String(amt),
        Timestamp: '0',
      })
    case 21:
      return swaps.length
        ? st.fill(pick(swaps), amt * 1000n, st.stranger)
        : st.fill({ id: 'afk-1', tokenOut: st.tokens.base, pool: st.pool }, amt, st.stranger)
    case 22:
      return st.fromProcess(st.tokens[ch.a % 2 ? 'quote' : 'base'], {
        Action: 'Credit-Notice',
        Sender: st.stranger,
        Quantity: BAD_QUANTITIES[ch.b % BAD_QUANTITIES.length],
      })
    case 23:
      return st.fromWallet(st.stranger, { Action: 'Eval' }, 'AfkState = nil')
    case 24:
      return st.fromProcess(st.tokens.base, {
        Action: 'Credit-Notice',
        Sender: st.stranger,
        Quantity: '5',
        'X-Action': 'Swap-Output',
        'X-Afk-Order': `afk-${ch.b % 5}`,
      })
    case 25:
      // owner Halt: no new orders until Resume (case 11)
      return st.command('Halt', {}, '', owner)
    case 26:
      return st.fromProcess(st.tokens.quote, {
        Action: 'Transfer-Error',
        'X-Reference': String(9000 + ch.b),
        Error: 'Insufficient Balance!',
      })
    case 27:
      // a stranger's own Transfer with Reply-To=agent makes the real token send us an untagged Debit-Notice
      return st.fromProcess(st.tokens[ch.a % 2 ? 'quote' : 'base'], {
        Action: 'Debit-Notice',
        Recipient: st.stranger,
        Quantity: String(amt),
      })
    case 28: {
      // a provoked Transfer-Error carrying the Reference of one of our pending orders
      const o = pick(transfers)
      return st.fromProcess(o?.target ?? st.tokens.quote, {
        Action: 'Transfer-Error',
        'X-Reference': o?.ref ?? '1',
        Error: 'Insufficient Balance!',
      })
    }
    case 29: {
      // a quote for another amount, asked by a stranger with our Reference and Reply-To
      const q = pick(quotes)
      return st.fromProcess(st.pool, {
        Action: 'Get-Swap-Output-Response',
        'X-Reference': q?.ref ?? '2',
        Output: String(amt * 100n),
        // never our order's amount (an agent that quotes 1 unit, e.g. liquidating 1 base, would take it as its own)
        'Quantity-After-Fees': q?.amountIn === '1' ? '2' : '1',
        'LP-Fee-Quantity': '0',
        'Protocol-Fee-Quantity': '0',
      })
    }
    case 30: {
      const bodies = ['{"amount":"4000"}', '[]', '[1]', '{"amount":null}', '{"slippageBps":"77"}', '{broken']
      return st.fromWallet(
        owner,
        { Action: 'Update-Params', 'Content-Type': 'application/json' },
        bodies[ch.b % bodies.length],
      )
    }
    case 31:
      return st.fromWallet(
        ch.a % 2 ? owner : st.stranger,
        { Action: 'Status', 'Content-Type': 'application/json' },
        '{nope',
      )
    case 32: {
      const keys = ['constructor', '__proto__', 'toString', 'hasOwnProperty']
      const k = keys[ch.b % keys.length]
      return ch.a % 2
        ? st.command('Withdraw', { Token: k, Quantity: '1' }, '', owner)
        : st.command('Update-Params', {}, `{"${k}":"1"}`, owner)
    }
    case 33: {
      // a tagged Debit-Notice for one of our orders, provoked by a stranger's transfer of another amount
      const o = pick(transfers)
      return st.fromProcess(o?.target ?? st.tokens.base, {
        Action: 'Debit-Notice',
        Recipient: st.stranger,
        Quantity: String(amt + 1n),
        'X-Afk-Order': o?.id ?? 'afk-1',
      })
    }
    case 34: {
      // the Credit-Notice of a pending sync's self-transfer
      const names = Object.keys(S.syncs).sort()
      return names.length ? st.syncMarker(S, pick(names.map((n) => ({ n })))!.n) : st.tick()
    }
    case 35: {
      // the token's answer to a sync's Balance request
      const names = Object.keys(S.syncs).sort()
      return names.length
        ? st.syncReply(S, pick(names.map((n) => ({ n })))!.n, amt)
        : st.balance('quote', amt)
    }
    default:
      return st.tick(ch.b % 10 === 0 ? 2 * 86_400_000 : 600_000 * (1 + (ch.a % 3)))
  }
}

/** Choices that are messages from strangers or forgeries: they must never make the agent send funds. */
const HOSTILE = new Set([17, 18, 19, 20, 21, 22, 23, 24, 26, 27, 28, 29, 31, 33])

/**
 * A liquidation in progress. Only the owner's Liquidate enters these states (the built-in agents' names): a hostile
 * message that ends one (a timer it lets expire, a Transfer-Error naming the sale) completes the owner's command.
 */
const LIQUIDATING = /(^|\.)(liquidating|liquidateRetry)(\.|$)/

/**
 * Runs a choice sequence through both engines; the DualEngine throws on the first divergence. A hostile message never
 * makes the agent send a Transfer, with one exception made precise: the payout that ends a liquidation the owner
 * started — only to the owner, only on a message that takes the agent out of its liquidation, and of the token's
 * whole booked balance (nothing of it left on the books).
 */
export async function drive(dual: DualEngine, ts: TsEngine, st: Stimulus, choices: Choice[]): Promise<void> {
  for (const ch of choices) {
    const before = ts.runtime.state.value
    const r = await dual.handle(messageFor(ch, ts, st))
    if (!HOSTILE.has(ch.kind)) continue
    const S = ts.runtime.state
    // a sync's self-transfer (Recipient = the agent) moves nothing
    const sent = r.Messages.filter(
      (m) =>
        m.Tags.some((t) => t.name === 'Action' && t.value === 'Transfer') &&
        !m.Tags.some((t) => t.name === 'Recipient' && t.value === st.agent),
    )
    const ended = LIQUIDATING.test(before) && !LIQUIDATING.test(S.value)
    for (const m of sent) {
      const to = m.Tags.find((t) => t.name === 'Recipient')?.value
      const name = tokenNames(ts.runtime.ir, S.params).find(
        (n) => tokenId(ts.runtime.ir, S.params, n) === m.Target,
      )
      if (!ended || to !== S.owner || name === undefined || S.balances[name] !== 0n)
        throw new Error(`hostile message (choice ${ch.kind}) made the agent send a Transfer`)
    }
  }
}

/**
 * Funds are never stuck: whatever happened before, the owner can withdraw every token with an available balance,
 * and no balance is negative. Runs through both engines, so the withdrawal is also checked for agreement.
 */
export async function expectOwnerCanWithdraw(dual: DualEngine, ts: TsEngine, st: Stimulus): Promise<void> {
  const S = ts.runtime.state
  for (const [token, bal] of Object.entries(S.balances)) {
    if (bal < 0n) throw new Error(`balance of ${token} went negative: ${bal}`)
    if (bal === 0n) continue
    const r = await dual.handle(st.command('Withdraw', { Token: token }, '', S.owner))
    const t = r.Messages.find((m) => m.Tags.some((x) => x.name === 'Action' && x.value === 'Transfer'))
    const q = t?.Tags.find((x) => x.name === 'Quantity')?.value
    const to = t?.Tags.find((x) => x.name === 'Recipient')?.value
    if (q !== String(bal) || to !== S.owner)
      throw new Error(
        `owner could not withdraw ${bal} ${token}: ${JSON.stringify(r.Messages.map((m) => m.Tags))}`,
      )
  }
}
