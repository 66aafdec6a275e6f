import { randomUUID } from 'node:crypto'
import type {
  MessageTimeoutError,
  ProcessExecutionError,
  ReplySchemaError,
  UnexpectedReplyError,
} from '../../../errors/client.ts'
import { UnexpectedReplyError as Unexpected } from '../../../errors/client.ts'
import { encodeMessage } from '../../../protocols/encodeMessage.ts'
import { matchesMessage } from '../../../protocols/parseMessage.ts'
import {
  errorResponse,
  orderMadeNotice,
  type PermaswapNote,
  refundCredit,
  requestOrder,
  settledCredit,
  settleTransfer,
} from '../../../protocols/permaswap.ts'
import { transferError } from '../../../protocols/token.ts'
import type { Client } from '../../createClient.ts'
import type { ChainMessage } from '../../transports/createTransport.ts'
import { parseReply, pickReply, sendRequest } from '../../utils/request.ts'
import { waitForChain } from '../../utils/waitForChain.ts'
import { ORDER_ID_TAG, type SwapReturnType } from '../swap.ts'

export interface PermaswapSwapParameters {
  /** Permaswap pool process id. */
  pool: string
  tokenIn: string
  tokenOut: string
  /** Raw input amount. */
  amountIn: bigint
  /** Minimum output (`AmountOut` on `RequestOrder`); the pool refuses to issue a worse note. */
  minAmountOut?: bigint
  orderId?: string
  timeoutMs?: number
  /** Called with the note after `OrderMade-Notice`, before paying it (e.g. to log it, or in tests to let time pass). */
  beforeSettle?: (note: PermaswapNote) => Promise<void> | void
}

export type PermaswapSwapReturnType = SwapReturnType & { noteId?: string }

export type PermaswapSwapErrorType =
  | MessageTimeoutError
  | ProcessExecutionError
  | UnexpectedReplyError
  | ReplySchemaError

/**
 * Swaps through a Permaswap note: `RequestOrder` → `OrderMade-Notice` (a note with an expiry) → a `Transfer` of the
 * input to the note's settle process (`X-FFP-For = Settle`, `X-FFP-NoteIDs`) → `Credit-Notice` with
 * `X-FFP-For = Settled` (`filled`) or `Refund` (`refunded`, e.g. the note expired). A `Transfer-Error` is `failed`.
 *
 * @example
 * const r = await client.permaswap.swap({ pool, tokenIn, tokenOut, amountIn, minAmountOut })
 */
export async function permaswapSwap(
  client: Client,
  p: PermaswapSwapParameters,
): Promise<PermaswapSwapReturnType> {
  const orderId = p.orderId ?? randomUUID()
  const me = client.signer.address
  const base = { amountIn: p.amountIn, orderId, amountOut: 0n, fees: { lp: 0n, protocol: 0n, total: 0n } }
  const reqTags = encodeMessage(requestOrder, {
    tokenIn: p.tokenIn,
    tokenOut: p.tokenOut,
    amountIn: p.amountIn,
    amountOut: p.minAmountOut,
  })
  const req = await sendRequest(client, { process: p.pool, tags: reqTags })
  const made = pickReply(req.result, { me, spec: orderMadeNotice, errors: [errorResponse], ctx: req.ctx })
  const note = made.data as PermaswapNote
  await p.beforeSettle?.(note)

  const tags = encodeMessage(settleTransfer, {
    settle: made.noteSettle,
    quantity: p.amountIn,
    ffpFor: 'Settle',
    noteIds: [made.noteId],
    xTags: { [ORDER_ID_TAG]: orderId },
  })
  const pay = await sendRequest(client, { process: p.tokenIn, tags })
  const ids = { transfer: pay.id, confirmation: req.id }
  const refused = pay.result.Messages.find((m) => m.Target === me && matchesMessage(transferError, m))
  if (refused) {
    const e = parseReply(transferError, { Tags: refused.Tags, Data: refused.Data }, pay.ctx, p.tokenIn)
    return { ...base, status: 'failed', reason: e.error, noteId: made.noteId, messageIds: ids }
  }
  if (!pay.result.Messages.some((m) => m.Target === me))
    throw new Unexpected({ ...pay.ctx, problem: 'the token sent neither Debit-Notice nor Transfer-Error' })
  return waitForChain(client, {
    ctx: { ...pay.ctx, messageId: pay.id },
    timeoutMs: p.timeoutMs,
    waitingFor: `the settlement of note ${made.noteId}`,
    match: (m: ChainMessage): PermaswapSwapReturnType | undefined => {
      const input = { Tags: m.tags, Id: m.id, From: m.from }
      if (m.from === p.tokenOut && matchesMessage(settledCredit, m.tags)) {
        const c = parseReply(settledCredit, input, pay.ctx, m.from)
        if (c.noteId !== undefined && c.noteId !== made.noteId) return undefined
        return {
          ...base,
          status: 'filled',
          amountOut: c.quantity,
          noteId: made.noteId,
          messageIds: { ...ids, outcome: m.id },
        }
      }
      if (m.from === p.tokenIn && matchesMessage(refundCredit, m.tags)) {
        const c = parseReply(refundCredit, input, pay.ctx, m.from)
        if (c.noteId !== undefined && c.noteId !== made.noteId) return undefined
        return {
          ...base,
          status: 'refunded',
          reason: c.error ?? 'refunded by the settle process',
          noteId: made.noteId,
          messageIds: { ...ids, outcome: m.id },
        }
      }
      return undefined
    },
  })
}
