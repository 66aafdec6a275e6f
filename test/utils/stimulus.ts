import { LEGACY_AUTHORITY } from '../../src/ao/constants.ts'
import { makeId } from '../../src/ao/ids.ts'
import type { AoMessage, Tag } from '../../src/ao/message.ts'
import type { AgentState } from '../../src/engine/runtime/types.ts'

/**
 * Builds the messages an agent would receive on AO from its tokens, pool, owner, cron and strangers, shaped as the
 * CU delivers them (process messages signed by the MU with From-Process; cron with boolean Cron and no Id).
 */
export class Stimulus {
  now: number
  private n = 0
  readonly stranger = makeId('stranger-wallet')
  readonly strangerProcess = makeId('stranger-process')

  constructor(
    readonly agent: string,
    readonly owner: string,
    readonly tokens: Record<string, string>,
    readonly pool: string,
    start: number,
  ) {
    this.now = start
  }

  private base(from: string, viaMu: boolean, tags: Tag[], data = ''): AoMessage {
    this.n++
    this.now += 1000
    const t = viaMu ? [...tags, { name: 'From-Process', value: from }] : tags
    return {
      Id: makeId(`${this.agent}:m${this.n}`),
      Owner: viaMu ? LEGACY_AUTHORITY : from,
      From: from,
      ...(viaMu ? { 'Forwarded-By': LEGACY_AUTHORITY } : {}),
      Target: this.agent,
      Data: data,
      Tags: t,
      Nonce: this.n,
      Timestamp: this.now,
      'Block-Height': 1000 + Math.floor(this.n / 10),
      Cron: false,
    }
  }

  fromProcess(from: string, tags: Record<string, string>, data = ''): AoMessage {
    return this.base(
      from,
      true,
      Object.entries(tags).map(([name, value]) => ({ name, value })),
      data,
    )
  }

  fromWallet(from: string, tags: Record<string, string>, data = ''): AoMessage {
    return this.base(
      from,
      false,
      Object.entries(tags).map(([name, value]) => ({ name, value })),
      data,
    )
  }

  tick(advanceMs = 0): AoMessage {
    this.now += advanceMs
    const m = this.base(this.owner, false, [])
    delete m.Id
    delete m.Nonce
    return { ...m, Cron: true }
  }

  deposit(token: string, quantity: bigint | string, from = this.owner): AoMessage {
    return this.fromProcess(this.tokens[token], {
      Action: 'Credit-Notice',
      Sender: from,
      Quantity: String(quantity),
    })
  }

  quoteReply(o: Record<string, string>, output: bigint): AoMessage {
    const fee = (BigInt(o.amountIn) * 25n) / 10_000n
    return this.fromProcess(o.pool, {
      Action: 'Get-Swap-Output-Response',
      'X-Reference': o.ref,
      Output: String(output),
      'Quantity-After-Fees': String(BigInt(o.amountIn) - fee),
      'LP-Fee-Quantity': String(fee),
      'Protocol-Fee-Quantity': '0',
    })
  }

  quoteError(o: Record<string, string>): AoMessage {
    return this.fromProcess(o.pool, {
      Action: 'Get-Swap-Output-Error',
      'X-Reference': o.ref,
      Error: 'Token is not in pair',
    })
  }

  fill(o: Record<string, string>, out: bigint, sender = o.pool): AoMessage {
    return this.fromProcess(o.tokenOut, {
      Action: 'Credit-Notice',
      Sender: sender,
      Quantity: String(out),
      'X-Action': 'Swap-Output',
      'X-Afk-Order': o.id,
      'X-Reserves-Token-A': '1000000',
      'X-Reserves-Token-B': '1000000',
    })
  }

  refund(o: Record<string, string>): AoMessage {
    return this.fromProcess(o.tokenIn, {
      Action: 'Credit-Notice',
      Sender: o.pool,
      Quantity: o.amountIn,
      'X-Refund-Reason': 'Could not swap with expected min output',
      'X-Refunded-Order': makeId(`order:${o.id}`),
      'X-Refunded-Transfer': makeId(`transfer:${o.id}`),
      'X-Afk-Order': o.id,
    })
  }

  transferError(o: Record<string, string>): AoMessage {
    return this.fromProcess(o.target, {
      Action: 'Transfer-Error',
      'Message-Id': makeId(o.id),
      'X-Reference': o.ref,
      Error: 'Insufficient Balance!',
    })
  }

  debit(o: Record<string, string>): AoMessage {
    return this.fromProcess(o.target, {
      Action: 'Debit-Notice',
      Recipient: o.recipient ?? o.pool,
      Quantity: o.amount ?? o.amountIn,
      'X-Afk-Order': o.id,
      'X-Reference': o.ref,
    })
  }

  balance(token: string, b: bigint): AoMessage {
    return this.fromProcess(this.tokens[token], {
      Balance: String(b),
      Account: this.agent,
      Ticker: token.toUpperCase(),
      Data: String(b),
    })
  }

  /** The Credit-Notice of the agent's own sync self-transfer (arms the sync of `token`). */
  syncMarker(S: AgentState, token: string): AoMessage {
    const s = S.syncs[token]
    return this.fromProcess(this.tokens[token], {
      Action: 'Credit-Notice',
      Sender: this.agent,
      Quantity: '1',
      'X-Afk-Sync': s?.id ?? 'afk-0',
    })
  }

  /** The token's answer to the sync's Balance request. */
  syncReply(S: AgentState, token: string, b: bigint): AoMessage {
    return this.fromProcess(this.tokens[token], {
      Balance: String(b),
      Account: this.agent,
      Ticker: token.toUpperCase(),
      'X-Reference': S.syncs[token]?.balRef ?? '0',
      Data: String(b),
    })
  }

  command(action: string, tags: Record<string, string> = {}, data = '', from = this.owner): AoMessage {
    return this.fromWallet(from, { Action: action, ...tags }, data)
  }
}

/** The pending orders of a state, in id order. */
export function pending(S: AgentState, kind?: string): Array<Record<string, string>> {
  return Object.keys(S.orders)
    .sort()
    .map((k) => S.orders[k])
    .filter((o) => !kind || o.kind === kind)
}
