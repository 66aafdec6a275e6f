import { aosTrusts } from '../ao/aosMessage.ts'
import type { DirectSend, Unseen } from '../ao/directApply.ts'
import { AmountError, addAmount, parseAmount } from './amount.ts'
import {
  fail,
  forwardX,
  isAddress,
  type ModelMessage,
  ModelProcess,
  type ModelProcessParameters,
  REPLY_SKIP,
  tagList,
} from './ModelProcess.ts'
import { UndoMap } from './UndoMap.ts'

export interface TokenModelParameters extends ModelProcessParameters {
  name?: string
  ticker?: string
  denomination?: number
  logo?: string
  /** Initial balances (as if minted by the owner). */
  balances?: Record<string, bigint>
}

interface TokenState {
  balances: UndoMap<string, bigint>
  totalSupply: bigint
}

/**
 * TS model of `lua/processes/token.lua`: same handlers, same outbox (targets, tags, quantities, Data text), same
 * refusals. Use it in backtests in place of the aos process.
 */
export class TokenModel extends ModelProcess<TokenState> {
  readonly name: string
  readonly ticker: string
  readonly denomination: string
  readonly logo: string

  constructor(p: TokenModelParameters) {
    const balances = new UndoMap(Object.entries(p.balances ?? {}))
    let supply = 0n
    for (const v of balances.values()) supply = addAmount(supply, v)
    super(p, { balances, totalSupply: supply })
    this.name = p.name ?? 'Token'
    this.ticker = p.ticker ?? 'TKN'
    this.denomination = String(p.denomination ?? 12)
    this.logo = p.logo ?? ''
  }

  balanceOf(account: string): bigint {
    return this.state.balances.get(account) ?? 0n
  }

  get totalSupply(): bigint {
    return this.state.totalSupply
  }

  /** All balances (including zero entries the process keeps). */
  balances(): Record<string, bigint> {
    return Object.fromEntries(this.state.balances)
  }

  protected cloneState(s: TokenState): TokenState {
    return { balances: new UndoMap(s.balances), totalSupply: s.totalSupply }
  }

  /** Undo journal instead of a copy of every balance per message. */
  protected override saveForRollback(): () => void {
    const s = this.state
    const supply = s.totalSupply
    s.balances.begin()
    return () => {
      s.balances.rollback()
      s.totalSupply = supply
      this.state = s
    }
  }

  protected dispatch(msg: ModelMessage): boolean {
    switch (msg.get('Action')) {
      case 'Info':
        this.reply(
          msg,
          tagList(
            'Action',
            'Info-Response',
            'Name',
            this.name,
            'Ticker',
            this.ticker,
            'Logo',
            this.logo,
            'Denomination',
            this.denomination,
            'Supply',
            String(this.state.totalSupply),
          ),
        )
        return true
      case 'Balance': {
        const account = msg.get('Recipient') ?? msg.tags.get('Target') ?? msg.from
        const bal = this.state.balances.has(account) ? String(this.state.balances.get(account)) : '0'
        this.reply(
          msg,
          tagList('Action', 'Balance-Response', 'Balance', bal, 'Ticker', this.ticker, 'Account', account),
          bal,
        )
        return true
      }
      case 'Balances': {
        const keys = [...this.state.balances.keys()].sort()
        const json = `{${keys.map((k) => `"${k}":"${this.state.balances.get(k)}"`).join(',')}}`
        this.reply(msg, tagList('Action', 'Balances-Response'), json)
        return true
      }
      case 'Total-Supply':
        this.reply(
          msg,
          tagList('Action', 'Total-Supply', 'Ticker', this.ticker),
          String(this.state.totalSupply),
        )
        return true
      case 'Transfer':
        this.transfer(msg)
        return true
      case 'Mint':
        this.mint(msg)
        return true
      default:
        return false
    }
  }

  private transfer(msg: ModelMessage): void {
    const recipient = msg.get('Recipient') ?? msg.tags.get('Target')
    if (!isAddress(recipient))
      fail(`Transfer: tag Recipient must be a 43-character process/wallet id, got ${recipient ?? 'nil'}`)
    const qty = parseAmount(msg.get('Quantity'), 'Transfer: tag Quantity')
    if (qty <= 0n) fail('Transfer: tag Quantity must be greater than 0')
    const from = this.balanceOf(msg.from)
    if (from < qty) {
      this.reply(msg, [
        ...tagList('Action', 'Transfer-Error', 'Message-Id', msg.id, 'Error', 'Insufficient Balance!'),
        ...forwardX(msg, REPLY_SKIP),
      ])
      return
    }
    if (recipient !== msg.from) {
      const to = addAmount(this.balanceOf(recipient), qty)
      this.state.balances.set(msg.from, from - qty)
      this.state.balances.set(recipient, to)
    }
    if (msg.get('Cast') !== undefined) return
    const q = String(qty)
    this.reply(
      msg,
      [
        ...tagList('Action', 'Debit-Notice', 'Recipient', recipient, 'Quantity', q),
        ...forwardX(msg, REPLY_SKIP),
      ],
      `You transferred ${q} to ${recipient}`,
    )
    this.send(
      recipient,
      [...tagList('Action', 'Credit-Notice', 'Sender', msg.from, 'Quantity', q), ...forwardX(msg)],
      `You received ${q} from ${msg.from}`,
    )
  }

  /**
   * A `Transfer` pushed by the world process `from` applied to the ledger without its message (the replay fast path,
   * see `DirectProcess`): only when the full handler would move the funds and both notices go unseen (the pool's
   * Debit-Notice it ignores, a Credit-Notice to a wallet outside the world); otherwise undefined, nothing changed.
   * The sender's message carries no `Cast` and no `Reply-To` (a model's transfer: Action, Recipient, Quantity, X-).
   */
  applyTransfer(
    from: string,
    mu: string,
    t: { recipient: string; quantity: bigint },
    unseen: Unseen,
  ): DirectSend[] | undefined {
    if (!aosTrusts({ From: from, Owner: mu }, this.authorities)) return undefined
    const { recipient, quantity } = t
    if (!isAddress(recipient) || quantity <= 0n) return undefined
    const have = this.balanceOf(from)
    if (have < quantity || !unseen(from, 'Debit-Notice') || !unseen(recipient, 'Credit-Notice'))
      return undefined
    const balances = this.state.balances
    if (recipient !== from) {
      let to: bigint
      try {
        to = addAmount(this.balanceOf(recipient), quantity)
      } catch (e) {
        if (e instanceof AmountError) return undefined
        throw e
      }
      // no rollback can reach back past this point: the journal of the last evaluated message is closed
      balances.commit()
      balances.set(from, have - quantity)
      balances.set(recipient, to)
    }
    this.takeReferences(2)
    return [
      { target: from, action: 'Debit-Notice' },
      { target: recipient, action: 'Credit-Notice' },
    ]
  }

  private mint(msg: ModelMessage): void {
    if (msg.from !== this.owner && msg.from !== this.id) {
      this.reply(
        msg,
        tagList('Action', 'Mint-Error', 'Message-Id', msg.id, 'Error', 'Only the process owner can mint'),
      )
      return
    }
    const qty = parseAmount(msg.get('Quantity'), 'Mint: tag Quantity')
    if (qty <= 0n) fail('Mint: tag Quantity must be greater than 0')
    const recipient = msg.get('Recipient') ?? msg.from
    if (!isAddress(recipient))
      fail(`Mint: tag Recipient must be a 43-character process/wallet id, got ${recipient}`)
    const supply = addAmount(this.state.totalSupply, qty)
    this.state.balances.set(recipient, addAmount(this.balanceOf(recipient), qty))
    this.state.totalSupply = supply
    this.reply(
      msg,
      tagList('Action', 'Mint-Response', 'Recipient', recipient, 'Quantity', String(qty)),
      `Minted ${qty} to ${recipient}`,
    )
  }
}
