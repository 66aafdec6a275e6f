import { rootTag } from '../../ao/aosMessage.ts'
import { type AoMessage, tagValue } from '../../ao/message.ts'
import type { CashFlow, TradeRecord } from '../report/types.ts'
import type { Evaluation } from '../world/World.ts'

interface OpenOrder {
  key: string
  t: number
  tokenIn: string
  tokenOut: string
  amountIn: bigint
  minOut: bigint
  expectedOut: bigint
  fee: bigint
}

/** One decision of the agent (an order it sent), for bias comparisons. */
export interface Decision {
  t: number
  tokenIn: string
  amountIn: string
}

/**
 * Follows an agent through the world without looking inside it (works for any engine or aos process): balances from
 * the tokens' Credit-/Debit-Notices, orders from its `Transfer … X-Action=Swap` to a token, fills and refunds from
 * the notices that come back, matched by the `Pushed-For` chain (FIFO within one chain).
 *
 * Cash flows are the owner's transfers only: a Credit-Notice whose `Sender` is the owner is a deposit, a Debit-Notice
 * whose `Recipient` is the owner a withdrawal. Quote counts as is; base is valued at the pool's spot price at that
 * moment (quote raw units, floor). Transfers to or from anyone else change balances but are not cash flows (a gift
 * to a stranger is a loss, not a withdrawal).
 */
export class AgentTracker {
  readonly balances = new Map<string, bigint>()
  readonly trades: TradeRecord[] = []
  readonly cashflows: CashFlow[] = []
  readonly decisions: Decision[] = []
  ticks = 0
  errors = 0
  messages = 0
  private open = new Map<string, OpenOrder[]>()
  /** the last `Get-Swap-Output` answer the agent got from the pool: what it expects an order of that size to give */
  private lastQuote: { amountIn: bigint; out: bigint } | undefined

  constructor(
    readonly agent: string,
    readonly owner: string,
    readonly p: {
      /** keep `decisions` (default true; a long run without bias checks leaves them out) */
      keepDecisions?: boolean
      pool: string
      base: string
      quote: string
      /** expected output and fee of `amountIn` of `tokenIn` at the current pool state */
      quoteSwap(tokenIn: string, amountIn: bigint): Promise<{ out: bigint; fee: bigint }>
      /** `amount` of base valued in quote raw units at the current spot price */
      baseAtSpot(amount: bigint): Promise<bigint>
    },
  ) {
    for (const t of [p.base, p.quote]) this.balances.set(t, 0n)
  }

  balance(token: string): bigint {
    return this.balances.get(token) ?? 0n
  }

  /**
   * Books one evaluation. A promise only when a figure must be asked of the pool (an order's quote, a deposit's
   * value in quote): most evaluations are booked at once, without one.
   */
  observe(e: Evaluation): Promise<void> | undefined {
    const m = e.message
    if (e.process === this.agent) {
      this.messages++
      if (m.Cron) this.ticks++
      if (e.result.Error !== undefined) this.errors++
      if (m.From === this.p.pool && rootTag(m, 'Action') === 'Get-Swap-Output-Response') {
        const out = rootTag(m, 'Output')
        const q = rootTag(m, 'Quantity')
        if (out && /^\d+$/.test(out))
          this.lastQuote = { amountIn: q && /^\d+$/.test(q) ? BigInt(q) : -1n, out: BigInt(out) }
      }
      return this.fromToken(m)
    }
    if (
      (e.process === this.p.base || e.process === this.p.quote) &&
      m.From === this.agent &&
      e.result.Error === undefined
    )
      return this.orderSent(e.process, m)
    return undefined
  }

  private orderSent(token: string, m: AoMessage): Promise<void> | undefined {
    if (rootTag(m, 'Action') !== 'Transfer' || rootTag(m, 'X-Action') !== 'Swap') return undefined
    if (rootTag(m, 'Recipient') !== this.p.pool) return undefined
    return this.openOrder(token, m)
  }

  private async openOrder(token: string, m: AoMessage): Promise<void> {
    const amountIn = BigInt(rootTag(m, 'Quantity') ?? '0')
    const minOut = BigInt(rootTag(m, 'X-Expected-Min-Output') ?? '0')
    const q = await this.p.quoteSwap(token, amountIn)
    // Pushed-For is the MU's bookkeeping, not aos's reading: read it as the World (our MU) does
    const key = tagValue(m.Tags, 'Pushed-For') ?? m.Id ?? ''
    const o: OpenOrder = {
      key: m.Id ?? key,
      t: m.Timestamp,
      tokenIn: token,
      tokenOut: token === this.p.base ? this.p.quote : this.p.base,
      amountIn,
      minOut,
      // The agent's own quote when it asked for this size (slippage = fill vs quote); else the pool state now.
      expectedOut:
        this.lastQuote && (this.lastQuote.amountIn === amountIn || this.lastQuote.amountIn === -1n)
          ? this.lastQuote.out
          : q.out,
      fee: q.fee,
    }
    // a quote answers one order: a later order never inherits it
    this.lastQuote = undefined
    if (this.p.keepDecisions !== false)
      this.decisions.push({ t: m.Timestamp, tokenIn: token, amountIn: String(amountIn) })
    const list = this.open.get(key) ?? []
    list.push(o)
    this.open.set(key, list)
    // The order's own id also identifies its chain when the agent's message had no Pushed-For.
    if (m.Id && m.Id !== key) this.open.set(m.Id, list)
  }

  private take(m: AoMessage): OpenOrder | undefined {
    const key = tagValue(m.Tags, 'Pushed-For') ?? ''
    const list = this.open.get(key)
    const o = list?.shift()
    if (o && list && list.length === 0) {
      for (const [k, v] of this.open) if (v === list) this.open.delete(k)
    }
    return o
  }

  private fromToken(m: AoMessage): Promise<void> | undefined {
    const token = m.From
    if (token !== this.p.base && token !== this.p.quote) return undefined
    const action = rootTag(m, 'Action')
    const q = rootTag(m, 'Quantity') ?? ''
    const qty = BigInt(/^\d+$/.test(q) ? q : '0')
    if (action === 'Credit-Notice') {
      this.balances.set(token, this.balance(token) + qty)
      const sender = rootTag(m, 'Sender')
      // the owner's deposit is valued first, then (were the owner the pool) the order closed, as one await did
      if (sender === this.owner)
        return this.cashflow(m.Timestamp, token, qty).then(() => this.closeByPool(m, sender, qty))
      this.closeByPool(m, sender, qty)
    } else if (action === 'Debit-Notice') {
      this.balances.set(token, this.balance(token) - qty)
      if (rootTag(m, 'Recipient') === this.owner) return this.cashflow(m.Timestamp, token, -qty)
    } else if (action === 'Transfer-Error') {
      this.close(m, 'failed', 0n, rootTag(m, 'Error'))
    }
    return undefined
  }

  /** A Credit-Notice of the pool's closes the order it pays out (filled) or refunds. */
  private closeByPool(m: AoMessage, sender: string | undefined, qty: bigint): void {
    if (sender !== this.p.pool) return
    if (rootTag(m, 'X-Action') === 'Swap-Output') this.close(m, 'filled', qty)
    else if (rootTag(m, 'X-Refund-Reason') !== undefined || rootTag(m, 'X-Refunded-Order') !== undefined)
      this.close(m, 'refunded', 0n, rootTag(m, 'X-Refund-Reason') ?? rootTag(m, 'X-Error'))
  }

  /** An owner deposit (+) or withdrawal (−) of `token`, in quote raw units (base at spot). */
  private async cashflow(t: number, token: string, qty: bigint): Promise<void> {
    if (qty === 0n) return
    const value =
      token === this.p.quote
        ? qty
        : qty < 0n
          ? -(await this.p.baseAtSpot(-qty))
          : await this.p.baseAtSpot(qty)
    this.cashflows.push({ t, amount: String(value) })
  }

  private close(m: AoMessage, status: TradeRecord['status'], amountOut: bigint, reason?: string): void {
    const o = this.take(m)
    if (!o) return
    this.trades.push(this.record(o, status, amountOut, reason))
  }

  private record(
    o: OpenOrder,
    status: TradeRecord['status'],
    amountOut: bigint,
    reason?: string,
  ): TradeRecord {
    return {
      t: o.t,
      orderId: o.key,
      side: o.tokenIn === this.p.quote ? 'buy' : 'sell',
      tokenIn: o.tokenIn,
      tokenOut: o.tokenOut,
      amountIn: String(o.amountIn),
      expectedOut: String(o.expectedOut),
      minOut: String(o.minOut),
      amountOut: String(amountOut),
      fee: status === 'filled' ? String(o.fee) : '0',
      status,
      ...(reason !== undefined ? { reason } : {}),
    }
  }

  /** Orders still open at the end of the run become `timeout` trades. */
  finish(): void {
    const seen = new Set<OpenOrder[]>()
    for (const list of this.open.values()) {
      if (seen.has(list)) continue
      seen.add(list)
      for (const o of list)
        this.trades.push(this.record(o, 'timeout', 0n, 'no fill or refund before the end of the log'))
    }
    this.open.clear()
    this.trades.sort((a, b) => a.t - b.t || (a.orderId < b.orderId ? -1 : a.orderId > b.orderId ? 1 : 0))
  }
}
