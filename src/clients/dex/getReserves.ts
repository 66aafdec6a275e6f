import type { ProcessExecutionError, ReplySchemaError, UnexpectedReplyError } from '../../errors/client.ts'
import {
  getPairRequest,
  getPairResponse,
  getReservesRequest,
  getReservesResponse,
} from '../../protocols/botega.ts'
import { encodeMessage } from '../../protocols/encodeMessage.ts'
import type { Client } from '../createClient.ts'
import { readRequest } from '../utils/request.ts'

export interface GetReservesParameters {
  /** Botega pool process id. */
  pool: string
}

export interface GetReservesReturnType {
  tokenA: string
  tokenB: string
  reserveA: bigint
  reserveB: bigint
}

export type GetReservesErrorType = ProcessExecutionError | UnexpectedReplyError | ReplySchemaError

/** The pool's pair (`Get-Pair`), read once per client and pool. */
export async function getPair(client: Client, pool: string): Promise<{ tokenA: string; tokenB: string }> {
  const r = await readRequest(client, {
    process: pool,
    tags: encodeMessage(getPairRequest, {}),
    spec: getPairResponse,
  })
  return { tokenA: r.tokenA, tokenB: r.tokenB }
}

/**
 * Reads a Botega pool's pair and reserves (`Get-Pair`, then `Get-Reserves`, whose tags are named by token id).
 *
 * @example
 * const { tokenA, reserveA, reserveB } = await client.getReserves({ pool })
 */
export async function getReserves(
  client: Client,
  { pool }: GetReservesParameters,
): Promise<GetReservesReturnType> {
  const { tokenA, tokenB } = await getPair(client, pool)
  const r = await readRequest(client, {
    process: pool,
    tags: encodeMessage(getReservesRequest, {}),
    spec: getReservesResponse(tokenA, tokenB),
  })
  return { tokenA, tokenB, reserveA: r.reserveA, reserveB: r.reserveB }
}
