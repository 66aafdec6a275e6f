import type {
  InsufficientBalanceError,
  ProcessExecutionError,
  ReplySchemaError,
  TransferRefusedError,
  UnexpectedReplyError,
} from '../../errors/client.ts'
import {
  InsufficientBalanceError as InsufficientBalance,
  TransferRefusedError as TransferRefused,
  UnexpectedReplyError as Unexpected,
} from '../../errors/client.ts'
import type { ParsedMessage } from '../../protocols/defineMessage.ts'
import { encodeMessage } from '../../protocols/encodeMessage.ts'
import { matchesMessage } from '../../protocols/parseMessage.ts'
import { debitNotice, transferError, transferRequest } from '../../protocols/token.ts'
import type { Client } from '../createClient.ts'
import { parseReply, sendRequest } from '../utils/request.ts'

export interface TransferParameters {
  /** Token process id. */
  token: string
  /** Receiving wallet or process. */
  recipient: string
  /** Raw amount (smallest unit); > 0. */
  amount: bigint
  /** Forwarded `X-*` tags (Title-Case-With-Dashes), copied by the token onto both notices. */
  forwardedTags?: Record<string, string>
}

export type TransferReturnType = {
  /** Id of the Transfer message. */
  messageId: string
  /** The parsed `Debit-Notice` the token sent back. */
  debitNotice: ParsedMessage<typeof debitNotice>
}

export type TransferErrorType =
  | InsufficientBalanceError
  | TransferRefusedError
  | ProcessExecutionError
  | UnexpectedReplyError
  | ReplySchemaError

/**
 * Sends a token `Transfer` and resolves to the parsed `Debit-Notice`. A `Transfer-Error` whose `Error` text is about
 * the balance (`Insufficient Balance!`) becomes `InsufficientBalanceError`; any other refusal `TransferRefusedError`
 * carrying the token's text.
 *
 * @example
 * const { debitNotice } = await client.transfer({ token, recipient, amount: 10n ** 12n })
 */
export async function transfer(client: Client, p: TransferParameters): Promise<TransferReturnType> {
  const tags = encodeMessage(transferRequest, {
    recipient: p.recipient,
    quantity: p.amount,
    xTags: p.forwardedTags,
  })
  const { id, result, ctx } = await sendRequest(client, { process: p.token, tags })
  const mine = result.Messages.filter((m) => m.Target === client.signer.address)
  const err = mine.find((m) => matchesMessage(transferError, m))
  if (err) {
    const e = parseReply(transferError, { Tags: err.Tags, Data: err.Data }, ctx, p.token)
    const c = { ...ctx, quantity: p.amount, error: e.error }
    throw /insufficient\s+balance/i.test(e.error) ? new InsufficientBalance(c) : new TransferRefused(c)
  }
  const notice = mine.find((m) => matchesMessage(debitNotice, m)) ?? mine[0]
  if (!notice) throw new Unexpected({ ...ctx, problem: 'neither Debit-Notice nor Transfer-Error came back' })
  return {
    messageId: id,
    debitNotice: parseReply(
      debitNotice,
      { Tags: notice.Tags, Data: notice.Data, Id: undefined },
      ctx,
      p.token,
    ),
  }
}
