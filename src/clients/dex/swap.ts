import { randomUUID } from 'node:crypto'
import type { Tag } from '../../ao/message.ts'
import type {
  InsufficientBalanceError,
  MessageTimeoutError,
  ProcessExecutionError,
  ReplySchemaError,
  UnexpectedReplyError,
} from '../../errors/client.ts'
import { UnexpectedReplyError as Unexpected } from '../../errors/client.ts'
import {
  orderConfirmation,
  orderError,
  refundCredit,
  swapOutputCredit,
  swapTransfer,
} from '../../protocols/botega.ts'
import { encodeMessage } from '../../protocols/encodeMessage.ts'
import { matchesMessage } from '../../protocols/parseMessage.ts'
import { debitNotice, transferError } from '../../protocols/token.ts'
import type { Client } from '../createClient.ts'
import type { ChainMessage } from '../transports/createTransport.ts'
import { parseReply, sendRequest } from '../utils/request.ts'
import { waitForChain } from '../utils/waitForChain.ts'
import { getPair } from './getReserves.ts'

/** Our own correlation tag: forwarded by the token and the pool onto every outcome message. */
export const ORDER_ID_TAG = 'X-Afk-Order-Id'

export interface SwapParameters {
  /** Botega pool process id. */
  pool: string
  /** Token sent into the pool (the Transfer goes to this token process). */
  tokenIn: string
  /** Raw input amount. */
  amountIn: bigint
  /** Smallest acceptable output (`X-Expected-Min-Output`); the pool refunds in full below it. */
  minAmountOut: bigint
  /** Correlation id (default: a random UUID); sent as `X-Afk-Order-Id`. */
  orderId?: string
  /** Deadline for the outcome, ms. Default: the client's `timeoutMs`. */
  timeoutMs?: number
}

export interface SwapReturnType {
  status: 'filled' | 'refunded' | 'failed'
  amountIn: bigint
  /** Output received (0 unless filled). */
  amountOut: bigint
  /** Fees charged by the pool (0 unless filled). */
  fees: { lp: bigint; protocol: bigint; total: bigint }
  orderId: string
  /** Ids of the messages of the flow, for explorers and audits. */
  messageIds: { transfer: string; outcome?: string; confirmation?: string }
  /** Refund or failure text (`X-Refund-Reason`, `Transfer-Error`). */
  reason?: string
}

export type SwapErrorType =
  | MessageTimeoutError
  | ProcessExecutionError
  | UnexpectedReplyError
  | ReplySchemaError
  | InsufficientBalanceError

/**
 * Swaps on a Botega pool: sends the input token a `Transfer` to the pool with `X-Action = Swap`,
 * `X-Expected-Min-Output` and `X-Afk-Order-Id`, then follows the chain it caused (`Pushed-For`) until the output
 * `Credit-Notice` and the factory-relayed `Order-Confirmation` arrive (`filled`) or the refund `Credit-Notice` and
 * `Order-Error` (`refunded`, with the pool's reason). A `Transfer-Error` from the token is `failed` (nothing moved).
 *
 * @example
 * const q = await client.quote({ pool, tokenIn, amountIn })
 * const r = await client.swap({ pool, tokenIn, amountIn, minAmountOut: (q.amountOut * 99n) / 100n })
 */
export async function swap(client: Client, p: SwapParameters): Promise<SwapReturnType> {
  const orderId = p.orderId ?? randomUUID()
  const { tokenA, tokenB } = await getPair(client, p.pool)
  if (p.tokenIn !== tokenA && p.tokenIn !== tokenB)
    throw new Unexpected({
      process: p.pool,
      action: 'Get-Pair',
      tags: [],
      problem: `token ${p.tokenIn} is not in the pair ${tokenA}/${tokenB}`,
    })
  const tokenOut = p.tokenIn === tokenA ? tokenB : tokenA
  const tags = encodeMessage(swapTransfer, {
    pool: p.pool,
    quantity: p.amountIn,
    xAction: 'Swap',
    expectedMinOutput: p.minAmountOut,
    xTags: { [ORDER_ID_TAG]: orderId },
  })
  const { id, result, ctx } = await sendRequest(client, { process: p.tokenIn, tags })
  const me = client.signer.address
  const base = { amountIn: p.amountIn, orderId, amountOut: 0n, fees: { lp: 0n, protocol: 0n, total: 0n } }
  const refused = result.Messages.find((m) => m.Target === me && matchesMessage(transferError, m))
  if (refused) {
    const e = parseReply(transferError, { Tags: refused.Tags, Data: refused.Data }, ctx, p.tokenIn)
    return { ...base, status: 'failed', reason: e.error, messageIds: { transfer: id } }
  }
  const debit = result.Messages.find((m) => m.Target === me && matchesMessage(debitNotice, m))
  if (!debit)
    throw new Unexpected({ ...ctx, problem: 'the token sent neither Debit-Notice nor Transfer-Error' })
  parseReply(debitNotice, { Tags: debit.Tags, Data: debit.Data }, ctx, p.tokenIn)

  const ours = (m: ChainMessage) => m.tags.find((t: Tag) => t.name === ORDER_ID_TAG)?.value === orderId
  let credit: { m: ChainMessage; amountOut: bigint } | undefined
  let refund: { m: ChainMessage; reason: string } | undefined
  let confirmation: { m: ChainMessage; fees: SwapReturnType['fees'] } | undefined
  let error: ChainMessage | undefined
  return waitForChain(client, {
    ctx: { ...ctx, messageId: id },
    timeoutMs: p.timeoutMs,
    waitingFor: `the outcome of swap ${orderId} on pool ${p.pool}`,
    match: (m) => {
      if (!ours(m)) return undefined
      const input = { Tags: m.tags, Id: m.id, From: m.from }
      if (m.from === tokenOut && matchesMessage(swapOutputCredit, m.tags))
        credit = { m, amountOut: parseReply(swapOutputCredit, input, ctx, tokenOut).quantity }
      else if (m.from === p.tokenIn && matchesMessage(refundCredit, m.tags))
        refund = { m, reason: parseReply(refundCredit, input, ctx, p.tokenIn).refundReason }
      else if (matchesMessage(orderConfirmation, m.tags)) {
        const c = parseReply(orderConfirmation, input, ctx, m.from)
        confirmation = { m, fees: { lp: c.lpFee, protocol: c.protocolFee, total: c.totalFee } }
      } else if (matchesMessage(orderError, m.tags)) {
        parseReply(orderError, input, ctx, m.from)
        error = m
      }
      if (credit && confirmation)
        return {
          ...base,
          status: 'filled',
          amountOut: credit.amountOut,
          fees: confirmation.fees,
          messageIds: { transfer: id, outcome: credit.m.id, confirmation: confirmation.m.id },
        } as SwapReturnType
      if (refund && error)
        return {
          ...base,
          status: 'refunded',
          reason: refund.reason,
          messageIds: { transfer: id, outcome: refund.m.id, confirmation: error.id },
        } as SwapReturnType
      return undefined
    },
  })
}
