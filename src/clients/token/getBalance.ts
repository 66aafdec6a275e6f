import type { ProcessExecutionError, ReplySchemaError, UnexpectedReplyError } from '../../errors/client.ts'
import { encodeMessage } from '../../protocols/encodeMessage.ts'
import { balanceRequest, balanceResponse } from '../../protocols/token.ts'
import type { Client } from '../createClient.ts'
import { readRequest } from '../utils/request.ts'

export interface GetBalanceParameters {
  /** Token process id. */
  token: string
  /** Account to read; defaults to the client's address. */
  account?: string
}

/** Raw balance in the token's smallest unit. */
export type GetBalanceReturnType = bigint

export type GetBalanceErrorType = ProcessExecutionError | UnexpectedReplyError | ReplySchemaError

/**
 * Reads one balance (`Balance`, `Recipient = account`) with a dry-run.
 *
 * @example
 * const raw = await client.getBalance({ token, account })
 */
export async function getBalance(
  client: Client,
  { token, account }: GetBalanceParameters,
): Promise<GetBalanceReturnType> {
  const tags = encodeMessage(balanceRequest, { recipient: account ?? client.signer.address })
  const r = await readRequest(client, { process: token, tags, spec: balanceResponse })
  return r.balance
}
