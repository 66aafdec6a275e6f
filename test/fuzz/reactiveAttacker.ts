import fc from 'fast-check'
import { makeId } from '../../src/ao/ids.ts'
import type { AoMessage } from '../../src/ao/message.ts'
import { snapshotState } from '../../src/engine/runtime/snapshot.ts'
import { stableJson } from '../../src/protocols/stableJson.ts'
import type { FuzzScene } from '../utils/profileWorld.ts'

/**
 * The reactive attacker of issues 8 and 10, for any agent with a profile (test/fuzz/profile.ts). A plan is a list
 * of proactive moves (owner commands and their variants, deposits and withdrawals of every token, provoked
 * notices/errors/balance replies through Reply-To to the tokens, the pools and the signal process, re-deliveries,
 * Inbox floods, real swaps that move the prices, forged wallet messages, signal changes and silence, the profile's
 * own legitimate moves, time passing) plus a cycle of reactions: after every message the agent handles, the attacker
 * reads its public Status and, for each order, ask or sync it has not seen yet, races it at once with the next
 * reaction. Invariants are checked after every agent message (see `checkInvariants`).
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

export const MOVE_KINDS = 30
export const REACTION_KINDS = 10

export function planArb(maxMoves = 60, minMoves = 1): fc.Arbitrary<Plan> {
  return fc.record({
    moves: fc.array(fc.record({ kind: fc.nat(MOVE_KINDS - 1), a: fc.nat(1_000_000), b: fc.nat(1_000) }), {
      minLength: minMoves,
      maxLength: maxMoves,
      size: 'max',
    }),
    reactions: fc.array(fc.nat(REACTION_KINDS - 1), { minLength: 1, maxLength: 8 }),
  })
}

export class InvariantViolation extends Error {
  override name = 'InvariantViolation'
}

const LIMIT = 1n << 256n
/** a front-running swap: 5 % of a pool side (the scene mints the attacker 10^12 of every token) */
const ATTACKER_SWAP = 5n * 10n ** 10n
const AMOUNTS = [1n, 999n, 1_000_000n, 2_500_000n, 40_000_000n, 10n ** 9n, 10n ** 30n]
const tag = (m: { Tags: AoMessage['Tags'] }, n: string) => m.Tags.find((t) => t.name === n)?.value
const isAmount = (v: unknown) => typeof v === 'string' && /^[0-9]+$/.test(v) && BigInt(v) < LIMIT

interface Target {
  id: string
  ref: string
  kind: string
  /** the process that answers it: a token (transfer, swap, sync), a pool (quote) or the signal process (ask) */
  at: string
  /** the token a quote's provocations go through */
  tokenIn?: string
  amount?: string
  recipient?: string
  balRef?: string
}

export interface PlanResult {
  agentMessages: number
  /** orders, asks and syncs the attacker raced */
  raced: number
  /** messages the agent refused with Agent-Error */
  refused: number
  /** machine events the agent handled, by type (shows the legitimate traffic really ran) */
  events: Map<string, number>
  /** the agent's context at the end (its counters show what the strategy did) */
  context: Record<string, unknown>
}

/** Runs one plan in a fresh scene; throws InvariantViolation on the first broken invariant. */
export async function runPlan(
  s: FuzzScene,
  plan: Plan,
  onAgentMessage: () => void = () => {},
): Promise<PlanResult> {
  const { ids, world, profile } = s
  const tokenIds = Object.values(ids.tokens)
  const poolIds = Object.values(ids.pools)
  const isToken = (x: string) => tokenIds.includes(x)
  const processIds = [...tokenIds, ...poolIds, ...(ids.signal ? [ids.signal] : [])]
  const books = s.bookTokens()
  const heir = makeId('atk:heir')
  let agentMessages = 0
  let attackerActive = true
  let violation: string | undefined
  let prevStatus = stableJson(snapshotState(s.state))
  let prevOwner = s.state.owner
  let prevControl = stableJson({
    owner: s.state.owner,
    params: s.state.params,
    paused: s.state.paused,
    halted: s.state.halted,
  })
  let prevMachine = stableJson({
    value: s.state.value,
    done: s.state.done,
    context: s.state.context,
    timers: s.state.timers,
  })
  const recent: AoMessage[] = []
  const trail: string[] = []
  const seen = new Set<string>()
  /** ids of messages the agent must refuse with Agent-Error, and why */
  const mustRefuse = new Map<string, string>()
  let ri = 0
  let refused = 0
  const at = (dt = 1) => world.now + dt
  const send = (from: string, target: string, tags: Record<string, string>, data = '', dt = 1) =>
    s.send(from, target, tags, data, at(dt))
  const refuse = (why: string, m: AoMessage) => mustRefuse.set(m.Id ?? '', why)
  const pickToken = (n: number) => tokenIds[n % tokenIds.length]
  const pickPool = (n: number) => profile.pools[n % profile.pools.length]

  const targets = (): Target[] => {
    const out: Target[] = []
    for (const o of Object.values(s.state.orders))
      out.push({
        id: o.id,
        ref: o.ref,
        kind: o.kind,
        at: o.target,
        tokenIn: o.tokenIn,
        amount: o.amount ?? o.amountIn,
        recipient: o.recipient ?? o.pool,
      })
    for (const [key, sy] of Object.entries(s.state.syncs)) {
      const tok = books.find(([k]) => k === key)?.[1]
      if (tok) out.push({ id: sy.id, ref: sy.ref, kind: 'sync', at: ids.tokens[tok], balRef: sy.balRef })
    }
    return out.sort((x, y) => (x.id < y.id ? -1 : 1))
  }

  const griefQuote = (pool: string, tokenIn: string, amount: string, ref: string) => {
    for (const [tk, q] of [
      ['nope', '1'],
      [tokenIn, '1'],
      [tokenIn, amount],
      [tokenIn, 'abc'],
    ])
      send(ids.attacker, pool, {
        Action: 'Get-Swap-Output',
        Token: tk,
        Quantity: q,
        Swapper: ids.attacker,
        'Reply-To': ids.agent,
        'X-Reference': ref,
      })
  }
  const provokeSignal = (ref: string, n: number) => {
    if (!ids.signal) return
    const assets = [...Object.keys(profile.signal ?? {}), 'nope', '']
    const asset = assets[n % assets.length]
    send(ids.attacker, ids.signal, {
      Action: 'Get-Signal',
      ...(asset ? { Asset: asset } : {}),
      'Reply-To': ids.agent,
      'X-Reference': ref,
    })
  }

  const react = (r: number, t: Target) => {
    if (t.at === ids.signal) return provokeSignal(t.ref, r)
    const token = isToken(t.at) ? t.at : (t.tokenIn ?? pickToken(r))
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
      case 4: // quote griefing through the order's pool (or every pool)
        for (const pool of poolIds.includes(t.at) ? [t.at] : poolIds)
          griefQuote(pool, token, t.amount ?? '1', t.ref)
        break
      case 5: // a real 1-unit deposit dressed as the order's fill
        send(ids.attacker, token, {
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
      case 7: {
        // the owner changes params while the order is in flight
        const bodies = profile.updateBodies(ids, 2_000_000n, 7)
        send(s.state.owner, ids.agent, { Action: 'Update-Params' }, bodies[0])
        break
      }
      case 8: // a signal reply raced onto the order's Reference
        provokeSignal(t.ref, 0)
        break
      case 9: {
        // front-run: a large real swap the same way through the order's pool (the agent's min-out fails)
        const pool = poolIds.includes(t.recipient ?? '') ? (t.recipient as string) : poolIds[0]
        send(ids.attacker, token, {
          Action: 'Transfer',
          Recipient: pool,
          Quantity: String(ATTACKER_SWAP),
          'X-Action': 'Swap',
          'X-Expected-Min-Output': '1',
        })
        break
      }
    }
  }

  world.onEvaluated(async (e) => {
    if (e.process !== ids.agent || violation) return
    agentMessages++
    onAgentMessage()
    const action = tag(e.message, 'Action') ?? (e.message.Cron ? 'cron' : '?')
    trail.push(
      `${action}${tag(e.message, 'X-Afk-Sync') ? '(sync)' : ''} from ${e.message.From.slice(0, 6)} → ${e.result.Messages.map((m) => `${tag(m, 'Action')}${tag(m, 'Code') ? `:${tag(m, 'Code')}` : ''}`).join(',')}`,
    )
    if (trail.length > 12) trail.shift()
    // a plan of at most a few hundred moves never needs this many: the agent is in a message loop
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
      violation ??= `${what} (agent message ${agentMessages}: ${action} from ${e.message.From.slice(0, 8)})`
    }
    // I1: no token leaves except to the owner, a configured pool, or the agent itself (a sync's self-transfer)
    for (const m of e.result.Messages)
      if (tag(m, 'Action') === 'Transfer') {
        const to = tag(m, 'Recipient') ?? ''
        if (![prevOwner, S.owner, ids.agent, ...poolIds].includes(to))
          fail(`a Transfer of ${tag(m, 'Quantity')} went to ${to}`)
        if (!isToken(m.Target)) fail(`a Transfer was sent to ${m.Target}, which is no configured token`)
        // I3 on the wire: every quantity a positive 256-bit integer string
        const q = tag(m, 'Quantity')
        if (!isAmount(q) || BigInt(q as string) === 0n) fail(`a Transfer with Quantity ${q}`)
      }
    // I2 + I3: books never negative, never wrapped, never above the token's ledger; orders hold plain amounts
    for (const [k, tok] of books) {
      const b = S.balances[k]
      if (typeof b !== 'bigint' || b < 0n || b >= LIMIT) fail(`books of ${k} out of range: ${b}`)
      const l = await s.ledger(tok)
      if (b > l) fail(`books exceed the ledger on ${k}: books ${b} > ledger ${l}`)
    }
    for (const o of Object.values(S.orders))
      for (const f of ['amount', 'amountIn', 'minOut'] as const)
        if (o[f] !== undefined && !isAmount(o[f])) fail(`order ${o.id} has ${f} ${o[f]}`)
    // I4: an error leaves the state unchanged (a refused message is rolled back as a whole), INTERNAL never
    // happens, and what must be refused is refused with Agent-Error
    const status = stableJson(snapshotState(S))
    const err = e.result.Messages.find((m) => tag(m, 'Action') === 'Agent-Error')
    if (err) refused++
    if (err && tag(err, 'Code') === 'INTERNAL') fail(`internal error: ${tag(err, 'Error')}`)
    // an error rolls back the phase it happened in (runtime.lua's two phases): the strategy's state value, context
    // and timers never keep a failed step; the runtime's phase (books of a fill, a Withdraw already sent) stands, so a
    // strategy error can neither lose a fill nor block the owner's withdraw
    const machine = stableJson({ value: S.value, done: S.done, context: S.context, timers: S.timers })
    if (err && machine !== prevMachine)
      fail(`an Agent-Error (${tag(err, 'Code')}) left the machine's state, context or timers changed`)
    // nothing a stranger sends changes who may withdraw, the params, or pause/halt
    const control = stableJson({ owner: S.owner, params: S.params, paused: S.paused, halted: S.halted })
    if (![prevOwner, S.owner, ...processIds].includes(e.message.From) && control !== prevControl)
      fail('a stranger changed the owner, params, pause or halt')
    // a message refused by the runtime (a bad command) changes nothing at all
    // (only its first delivery: a re-delivered id is dropped silently by the seen-id ring)
    const why = e.message.Id ? mustRefuse.get(e.message.Id) : undefined
    if (e.message.Id) mustRefuse.delete(e.message.Id)
    if (why !== undefined && !err) fail(`${why} was not refused with Agent-Error`)
    if (why !== undefined && status !== prevStatus) fail(`${why} changed the state`)
    prevStatus = status
    prevMachine = machine
    prevControl = control
    prevOwner = S.owner
    // the reactive part: race every new order, ask and sync
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
    const [bookKey, bookTok] = books[mv.a % books.length]
    let dt = 200 + (mv.b % 5) * 100
    switch (mv.kind) {
      case 0: // to just after the next tick
        dt = profile.tickMs - ((world.now - 1_750_000_000_000) % profile.tickMs) + 1_000
        break
      case 1: // the owner funds the agent (a configured token)
      case 2:
        send(owner, ids.tokens[bookTok], {
          Action: 'Transfer',
          Recipient: ids.agent,
          Quantity: String(amt % (mv.kind === 1 ? 10n ** 9n : 10n ** 8n) || 1n),
        })
        break
      case 3: // the attacker's real deposit dressed as a fill of a guessed order
        send(ids.attacker, pickToken(mv.b), {
          Action: 'Transfer',
          Recipient: ids.agent,
          Quantity: String(1n + BigInt(mv.b)),
          'X-Afk-Order': `afk-${mv.a % 20}`,
        })
        break
      case 4: // partial withdraw, by param name or token id
        send(owner, ids.agent, {
          Action: 'Withdraw',
          Token: mv.b % 2 ? bookKey : ids.tokens[bookTok],
          Quantity: String(amt),
        })
        break
      case 5:
        send(owner, ids.agent, { Action: 'Withdraw', Token: bookKey })
        break
      case 6: {
        const bodies = profile.updateBodies(ids, amt, mv.b)
        const i = mv.a % bodies.length
        const m = send(owner, ids.agent, { Action: 'Update-Params' }, bodies[i])
        if (profile.invalidBodies.includes(i)) refuse(`Update-Params ${bodies[i].slice(0, 60)}`, m)
        break
      }
      case 7:
        send(owner, ids.agent, { Action: mv.a % 3 === 0 ? 'Pause' : 'Resume' })
        break
      case 8:
        send(owner, ids.agent, { Action: 'Sync', Token: bookKey })
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
        const from = mv.a % 2 ? owner : ids.attacker
        const m = send(from, ids.agent, { Action: names[mv.b % names.length], Token: bookKey })
        if (from === owner) refuse(`the near-miss command "${names[mv.b % names.length]}"`, m)
        break
      }
      case 11: {
        const to = [...tokenIds, ...poolIds, ids.agent, 'short', mv.a % 10 === 0 ? heir : ids.owner]
        const dest = to[mv.b % to.length]
        const m = send(owner, ids.agent, { Action: 'Transfer-Ownership', 'New-Owner': dest })
        if (dest !== heir && dest !== ids.owner) refuse(`Transfer-Ownership to ${dest.slice(0, 8)}`, m)
        break
      }
      case 12: {
        const acts = [
          'Withdraw',
          'Pause',
          'Update-Params',
          'Transfer-Ownership',
          'Sync',
          'Liquidate',
          'Halt',
          'Resume',
        ]
        const m = send(
          ids.attacker,
          ids.agent,
          { Action: acts[mv.b % acts.length], Token: bookKey, 'New-Owner': ids.attacker },
          '{"amount":"1"}',
        )
        if (owner !== ids.attacker) refuse(`a stranger's ${acts[mv.b % acts.length]}`, m)
        break
      }
      case 13:
      case 14:
      case 15:
      case 16:
        if (pick) react([1, 2, 3, 4][mv.kind - 13], pick)
        else
          send(ids.attacker, pickToken(mv.b), {
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
      case 19: // a real swap by the attacker moves a pool's price (either direction)
      case 29: {
        const p = pickPool(mv.b)
        const side = mv.kind === 19 ? p.b : p.a
        send(ids.attacker, ids.tokens[side], {
          Action: 'Transfer',
          Recipient: ids.pools[p.name],
          Quantity: String(amt % 10n ** 8n || 1n),
          'X-Action': 'Swap',
          'X-Expected-Min-Output': '1',
        })
        break
      }
      case 20: {
        const forged: Array<Record<string, string>> = [
          { Action: 'Credit-Notice', Sender: ids.attacker, Quantity: '1000000' },
          { Action: 'Debit-Notice', Quantity: '1', 'X-Afk-Order': pick?.id ?? 'afk-1' },
          { Balance: '99999999', Account: ids.agent, 'X-Reference': pick?.balRef ?? '1' },
          { Action: 'Transfer-Error', 'X-Reference': pick?.ref ?? '1' },
          { Cron: 'true', Action: 'Cron' },
          { Action: 'Withdraw', Token: bookKey, Timestamp: '0' },
          { Action: 'Get-Signal-Response', 'Signal-Bps': '1000000', 'X-Reference': pick?.ref ?? '1' },
          { Action: 'Get-Swap-Output-Response', Output: '999999999999', 'X-Reference': pick?.ref ?? '1' },
        ]
        send(ids.attacker, ids.agent, forged[mv.a % forged.length])
        break
      }
      case 21:
        dt = 1 + ((mv.a * 7) % 600_000)
        break
      case 22: // an attacker's own Transfer with Reply-To and no order of ours (untagged notices)
        send(ids.attacker, pickToken(mv.a), {
          Action: 'Transfer',
          Recipient: ids.attacker,
          Quantity: String(amt),
          'Reply-To': ids.agent,
        })
        break
      case 23:
        if (mv.a % 25 === 0) send(owner, ids.agent, { Action: 'Liquidate' })
        break
      case 24: // the signal's operator moves the signal (a legitimate market event)
        if (ids.signal) {
          const assets = Object.keys(profile.signal ?? {})
          const bps = [0, 2_500, -2_500, 10_000, -10_000, 1_000_000, -1_000_000][mv.b % 7]
          send(ids.oracle, ids.signal, {
            Action: 'Set-Signal',
            Asset: assets[mv.a % Math.max(1, assets.length)] ?? 'default',
            'Signal-Bps': String(bps),
          })
        }
        break
      case 25: // the signal process goes silent or comes back
        if (ids.signal)
          send(ids.oracle, ids.signal, { Action: 'Set-Silent', Silent: mv.a % 3 ? 'false' : 'true' })
        break
      case 26: // a provoked signal answer with a guessed or raced Reference
        provokeSignal(pick?.ref ?? String(mv.a % 50), mv.b)
        break
      case 27: // the profile's own legitimate traffic
        if (profile.moves?.length)
          profile.moves[mv.b % profile.moves.length](
            { ids, owner, send: (f, t, tg, d, x) => send(f, t, tg, d, x) },
            mv.a,
            mv.b,
          )
        break
      case 28:
        if (mv.a % 4 === 0) send(owner, ids.agent, { Action: 'Halt' })
        break
    }
    await s.run(dt)
  }
  if (violation) throw new InvariantViolation(violation)
  // I5, the end: Status still answers, and the owner withdraws everything to the last unit
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
  return {
    agentMessages,
    raced: seen.size,
    refused,
    events: s.ts.runtime.stats.events,
    context: s.state.context,
  }
}
