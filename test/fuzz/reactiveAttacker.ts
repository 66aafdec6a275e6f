import fc from 'fast-check'
import { makeId } from '../../src/ao/ids.ts'
import type { AoMessage } from '../../src/ao/message.ts'
import { snapshotState } from '../../src/strategy/runtime/snapshot.ts'
import { stableJson } from '../../src/strategy/runtime/stableJson.ts'
import type { AttackScene } from '../utils/attackWorld.ts'

/**
 * The reactive attacker of issue 8. A plan is a list of proactive moves (owner commands and their variants, deposits,
 * withdrawals, provoked notices/errors/balance replies through Reply-To to the tokens and the pool, re-deliveries,
 * Inbox floods, real swaps that move the price, forged wallet messages, time passing) plus a cycle of reactions:
 * after every message the agent handles, the attacker reads its public Status and, for each order or sync it has
 * not seen yet, races it at once with the next reaction. Invariants are checked after every agent message.
 */

export interface Move {
  kind: number
  a: number
  b: number
}

export interface Plan {
  moves: Move[]
  reactions: number[]
}

export const MOVE_KINDS = 24
export const REACTION_KINDS = 8

export function planArb(maxMoves = 60): fc.Arbitrary<Plan> {
  return fc.record({
    moves: fc.array(fc.record({ kind: fc.nat(MOVE_KINDS - 1), a: fc.nat(1_000_000), b: fc.nat(1_000) }), {
      minLength: 1,
      maxLength: maxMoves,
      size: 'max',
    }),
    reactions: fc.array(fc.nat(REACTION_KINDS - 1), { minLength: 1, maxLength: 8 }),
  })
}

export class InvariantViolation extends Error {
  override name = 'InvariantViolation'
}

const LIMIT = 1n << 255n
const AMOUNTS = [1n, 999n, 1_000_000n, 2_500_000n, 40_000_000n, 10n ** 9n, 10n ** 30n]
const tag = (m: { Tags: AoMessage['Tags'] }, n: string) => m.Tags.find((t) => t.name === n)?.value

interface Target {
  id: string
  ref: string
  kind: string
  /** token (or pool, for a quote) that answers it */
  at: string
  amount?: string
  recipient?: string
  balRef?: string
}

/** Runs one plan in a fresh scene; throws InvariantViolation on the first broken invariant. */
export async function runPlan(
  s: AttackScene,
  plan: Plan,
  onAgentMessage: () => void = () => {},
): Promise<{ agentMessages: number }> {
  const { ids, world } = s
  const heir = makeId('atk:heir')
  let agentMessages = 0
  let attackerActive = true
  let violation: string | undefined
  let prevStatus = stableJson(snapshotState(s.state))
  let prevOwner = s.state.owner
  const recent: AoMessage[] = []
  const trail: string[] = []
  const seen = new Set<string>()
  let ri = 0
  const at = (dt = 1) => world.now + dt
  const send = (from: string, target: string, tags: Record<string, string>, data = '', dt = 1) =>
    s.send(from, target, tags, data, at(dt))

  const targets = (): Target[] => {
    const out: Target[] = []
    for (const o of Object.values(s.state.orders))
      out.push({
        id: o.id,
        ref: o.ref,
        kind: o.kind,
        at: o.target,
        amount: o.amount ?? o.amountIn,
        recipient: o.recipient ?? o.pool,
      })
    for (const [name, sy] of Object.entries(s.state.syncs))
      out.push({ id: sy.id, ref: sy.ref, kind: 'sync', at: ids[name as 'quote' | 'base'], balRef: sy.balRef })
    return out.sort((x, y) => (x.id < y.id ? -1 : 1))
  }

  const react = (r: number, t: Target) => {
    const token = t.kind === 'quote' ? ids.quote : t.at
    switch (r) {
      case 1: // provoked Transfer-Error with the order's Reference
        send(ids.attacker, token, {
          Action: 'Transfer',
          Recipient: ids.attacker,
          Quantity: String(10n ** 30n),
          'Reply-To': ids.agent,
          'X-Reference': t.ref,
        })
        break
      case 2: // provoked tagged Debit-Notice: a real transfer of the attacker's own funds
        send(ids.attacker, token, {
          Action: 'Transfer',
          Recipient: t.recipient ?? ids.attacker,
          Quantity: t.amount ?? '1',
          'Reply-To': ids.agent,
          'X-Afk-Order': t.id,
          'X-Reference': t.ref,
        })
        break
      case 3: // early Balance reply echoing the sync's (or order's) Reference
        send(ids.attacker, token, {
          Action: 'Balance',
          Recipient: ids.agent,
          'Reply-To': ids.agent,
          'X-Reference': t.balRef ?? t.ref,
        })
        break
      case 4: // quote griefing through the pool
        for (const [tk, q] of [
          ['nope', '1'],
          [ids.quote, '1'],
          [ids.quote, t.amount ?? '1'],
          [ids.quote, 'abc'],
        ])
          send(ids.attacker, ids.pool, {
            Action: 'Get-Swap-Output',
            Token: tk,
            Quantity: q,
            Swapper: ids.attacker,
            'Reply-To': ids.agent,
            'X-Reference': t.ref,
          })
        break
      case 5: // a real 1-unit deposit dressed as the order's fill
        send(ids.attacker, ids.quote, {
          Action: 'Transfer',
          Recipient: ids.agent,
          Quantity: '1',
          'X-Afk-Order': t.id,
          'X-Action': 'Swap-Output',
        })
        break
      case 6: // re-deliver the last message the agent handled
        if (recent.length) world.inject({ ...recent[recent.length - 1], Timestamp: at() })
        break
      case 7: // the owner changes params while the order is in flight
        send(s.state.owner, ids.agent, { Action: 'Update-Params' }, '{"amount":"2000000"}')
        break
    }
  }

  world.onEvaluated(async (e) => {
    if (e.process !== ids.agent || violation) return
    agentMessages++
    onAgentMessage()
    // a plan of at most a few hundred moves never needs this many: the agent is in a message loop
    trail.push(
      `${tag(e.message, 'Action') ?? (e.message.Cron ? 'cron' : '?')}${tag(e.message, 'X-Afk-Sync') ? '(sync)' : ''} from ${e.message.From.slice(0, 6)} → ${e.result.Messages.map((m) => `${tag(m, 'Action')}${tag(m, 'Code') ? `:${tag(m, 'Code')}` : ''}`).join(',')}`,
    )
    if (trail.length > 12) trail.shift()
    if (agentMessages > 10_000)
      throw new InvariantViolation(
        `message storm: the agent handled ${agentMessages} messages; last:\n${trail.join('\n')}`,
      )
    if (e.message.Id) {
      recent.push(e.message)
      if (recent.length > 64) recent.shift()
    }
    const S = s.state
    const fail = (what: string) => {
      violation ??= `${what} (agent message ${agentMessages}: ${tag(e.message, 'Action') ?? (e.message.Cron ? 'cron' : '?')} from ${e.message.From.slice(0, 8)})`
    }
    // no token leaves except to the owner, the pool, or the agent itself (a sync's self-transfer)
    for (const m of e.result.Messages)
      if (tag(m, 'Action') === 'Transfer') {
        const to = tag(m, 'Recipient')
        if (![prevOwner, S.owner, ids.pool, ids.agent].includes(to ?? ''))
          fail(`a Transfer of ${tag(m, 'Quantity')} went to ${to}`)
      }
    // books: never negative, never wrapped, never above the token's ledger
    for (const t of ['quote', 'base'] as const) {
      const b = S.balances[t]
      if (b < 0n || b >= LIMIT) fail(`books of ${t} out of range: ${b}`)
      const l = await s.ledger(t)
      if (b > l) fail(`books exceed the ledger on ${t}: books ${b} > ledger ${l}`)
    }
    // an error leaves the state unchanged (a refused command is rolled back as a whole); INTERNAL never happens
    const status = stableJson(snapshotState(S))
    const err = e.result.Messages.find((m) => tag(m, 'Action') === 'Agent-Error')
    if (err && tag(err, 'Code') === 'INTERNAL') fail(`internal error: ${tag(err, 'Error')}`)
    if (err && e.message.From === e.message.Owner && status !== prevStatus)
      fail(`a refused command (${tag(err, 'Code')}) changed the state`)
    prevStatus = status
    prevOwner = S.owner
    // the reactive part: race every new order and sync
    if (!attackerActive) return
    for (const t of targets())
      if (!seen.has(t.id)) {
        seen.add(t.id)
        react(plan.reactions[ri++ % plan.reactions.length], t)
      }
  })

  for (const mv of plan.moves) {
    if (violation) break
    const amt = AMOUNTS[mv.a % AMOUNTS.length]
    const owner = s.state.owner
    const ts = targets()
    const pick = ts.length ? ts[mv.b % ts.length] : undefined
    let dt = 200 + (mv.b % 5) * 100
    switch (mv.kind) {
      case 0: // to just after the next hourly tick
        dt = 3_600_000 - ((world.now - 1_750_000_000_000) % 3_600_000) + 1_000
        break
      case 1:
        send(owner, ids.quote, {
          Action: 'Transfer',
          Recipient: ids.agent,
          Quantity: String(amt % 10n ** 9n || 1n),
        })
        break
      case 2:
        send(owner, ids.base, {
          Action: 'Transfer',
          Recipient: ids.agent,
          Quantity: String(amt % 10n ** 8n || 1n),
        })
        break
      case 3:
        send(ids.attacker, ids.quote, {
          Action: 'Transfer',
          Recipient: ids.agent,
          Quantity: String(1n + BigInt(mv.b)),
          'X-Afk-Order': `afk-${mv.a % 20}`,
        })
        break
      case 4:
        send(owner, ids.agent, {
          Action: 'Withdraw',
          Token: mv.a % 2 ? 'quote' : ids.base,
          Quantity: String(amt),
        })
        break
      case 5:
        send(owner, ids.agent, { Action: 'Withdraw', Token: mv.a % 2 ? 'quote' : 'base' })
        break
      case 6: {
        const bodies = [
          `{"amount":"${amt}"}`,
          `{"slippageBps":"${mv.b % 6000}"}`,
          '{"amount":null}',
          '{"amonut":"5"}',
          `{"quoteTimeoutMs":"${LIMIT - 1n}"}`,
          '[]',
          '{broken',
          `{"quote":"${ids.attacker}"}`,
          '{"amount":"1000000","swapTimeoutMs":"1000"}',
        ]
        send(owner, ids.agent, { Action: 'Update-Params' }, bodies[mv.a % bodies.length])
        break
      }
      case 7:
        send(owner, ids.agent, { Action: mv.a % 3 === 0 ? 'Pause' : 'Resume' })
        break
      case 8:
        send(owner, ids.agent, { Action: 'Sync', Token: mv.a % 2 ? 'quote' : 'base' })
        break
      case 9:
        send(mv.a % 2 ? owner : ids.attacker, ids.agent, { Action: 'Status' })
        break
      case 10: {
        const names = [
          'withdraw',
          ' Withdraw',
          'WITHDRAW',
          'Pause ',
          'update-params',
          'sync',
          'Transfer-ownership',
        ]
        send(mv.a % 2 ? owner : ids.attacker, ids.agent, {
          Action: names[mv.b % names.length],
          Token: 'quote',
        })
        break
      }
      case 11: {
        const to = [ids.quote, ids.base, ids.pool, ids.agent, 'short', mv.a % 10 === 0 ? heir : ids.owner]
        send(owner, ids.agent, { Action: 'Transfer-Ownership', 'New-Owner': to[mv.b % to.length] })
        break
      }
      case 12: {
        const acts = ['Withdraw', 'Pause', 'Update-Params', 'Transfer-Ownership', 'Sync', 'Liquidate']
        send(
          ids.attacker,
          ids.agent,
          { Action: acts[mv.b % acts.length], Token: 'quote', 'New-Owner': ids.attacker },
          '{"amount":"1"}',
        )
        break
      }
      case 13:
      case 14:
      case 15:
      case 16:
        if (pick) react([1, 2, 3, 4][mv.kind - 13], pick)
        else
          send(ids.attacker, ids.quote, {
            Action: 'Balance',
            Recipient: ids.agent,
            'Reply-To': ids.agent,
            'X-Reference': String(mv.a % 50),
          })
        break
      case 17:
        if (recent.length) world.inject({ ...recent[mv.a % recent.length], Timestamp: at() })
        break
      case 18: {
        const n = 1 + (mv.a % 20)
        for (let i = 0; i < n; i++)
          send(ids.attacker, ids.agent, { Action: 'Eval' }, `-- ${'x'.repeat(64 * (mv.b % 1000))}`, 1 + i)
        break
      }
      case 19: // a real swap by the attacker moves the price
        send(ids.attacker, ids.quote, {
          Action: 'Transfer',
          Recipient: ids.pool,
          Quantity: String(amt % 10n ** 9n || 1n),
          'X-Action': 'Swap',
          'X-Expected-Min-Output': '1',
        })
        break
      case 20: {
        const forged: Array<Record<string, string>> = [
          { Action: 'Credit-Notice', Sender: ids.attacker, Quantity: '1000000' },
          { Action: 'Debit-Notice', Quantity: '1', 'X-Afk-Order': pick?.id ?? 'afk-1' },
          { Balance: '99999999', Account: ids.agent, 'X-Reference': pick?.balRef ?? '1' },
          { Action: 'Transfer-Error', 'X-Reference': pick?.ref ?? '1' },
          { Cron: 'true', Action: 'Cron' },
          { Action: 'Withdraw', Token: 'quote', Timestamp: '0' },
        ]
        send(ids.attacker, ids.agent, forged[mv.a % forged.length])
        break
      }
      case 21:
        dt = 1 + ((mv.a * 7) % 600_000)
        break
      case 22: // an attacker's own Transfer with Reply-To and no order of ours (untagged notices)
        send(ids.attacker, mv.a % 2 ? ids.quote : ids.base, {
          Action: 'Transfer',
          Recipient: ids.attacker,
          Quantity: String(amt),
          'Reply-To': ids.agent,
        })
        break
      case 23:
        if (mv.a % 25 === 0) send(owner, ids.agent, { Action: 'Liquidate' })
        break
    }
    await s.run(dt)
  }
  if (violation) throw new InvariantViolation(violation)
  // the end: Status still answers, and the owner withdraws everything to the last unit
  attackerActive = false
  let statusOk = false
  world.onExternal((m) => {
    if (m.From === ids.agent && tag(m, 'Action') === 'Status-Response') statusOk = true
  })
  send(s.state.owner, ids.agent, { Action: 'Status' })
  await s.run(1_000)
  if (violation) throw new InvariantViolation(violation)
  if (!statusOk) throw new InvariantViolation('Status did not answer the owner')
  try {
    await s.ownerWithdrawsEverything()
  } catch (e) {
    throw new InvariantViolation(`owner could not withdraw everything: ${(e as Error).message}`)
  }
  if (violation) throw new InvariantViolation(violation)
  return { agentMessages }
}
