import type { ProcessExecutionError, ReplySchemaError, UnexpectedReplyError } from '../../errors/client.ts'
import type { ParsedMessage } from '../../protocols/defineMessage.ts'
import { encodeMessage } from '../../protocols/encodeMessage.ts'
import { infoRequest, infoResponse } from '../../protocols/token.ts'
import type { Client } from '../createClient.ts'
import { readRequest } from '../utils/request.ts'

export interface GetInfoParameters {
  /** Token process id. */
  token: string
}

export type GetInfoReturnType = Pick<
  ParsedMessage<typeof infoResponse>,
  'name' | 'ticker' | 'denomination' | 'logo' | 'totalSupply'
>

export type GetInfoErrorType = ProcessExecutionError | UnexpectedReplyError | ReplySchemaError

/**
 * Reads a token's `Info` (name, ticker, denomination, logo, supply) with a dry-run.
 *
 * @example
 * const { ticker, denomination } = await client.getInfo({ token })
 */
export async function getInfo(client: Client, { token }: GetInfoParameters): Promise<GetInfoReturnType> {
  const r = await readRequest(client, {
    process: token,
    tags: encodeMessage(infoRequest, {}),
    spec: infoResponse,
  })
  return {
    name: r.name,
    ticker: r.ticker,
    denomination: r.denomination,
    logo: r.logo,
    totalSupply: r.totalSupply,
  }
}
