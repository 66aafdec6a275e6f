import type { ProcessExecutionError, ReplySchemaError, UnexpectedReplyError } from '../../errors/client.ts'
import { encodeMessage } from '../../protocols/encodeMessage.ts'
import { balancesRequest, balancesResponse } from '../../protocols/token.ts'
import type { Client } from '../createClient.ts'
import { readRequest } from '../utils/request.ts'

export interface GetBalancesParameters {
  /** Token process id. */
  token: string
}

/** Every account's raw balance. */
export type GetBalancesReturnType = Record<string, bigint>

export type GetBalancesErrorType = ProcessExecutionError | UnexpectedReplyError | ReplySchemaError

/**
 * Reads all balances (`Balances`, JSON in Data) with a dry-run.
 *
 * @example
 * const all = await client.getBalances({ token })
 */
export async function getBalances(
  client: Client,
  { token }: GetBalancesParameters,
): Promise<GetBalancesReturnType> {
  const r = await readRequest(client, {
    process: token,
    tags: encodeMessage(balancesRequest, {}),
    spec: balancesResponse,
  })
  return r.data as GetBalancesReturnType
}
