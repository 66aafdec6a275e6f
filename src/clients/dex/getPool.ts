import type { ProcessExecutionError, ReplySchemaError, UnexpectedReplyError } from '../../errors/client.ts'
import { getPoolRequest, getPoolResponse } from '../../protocols/botega.ts'
import { encodeMessage } from '../../protocols/encodeMessage.ts'
import type { Client } from '../createClient.ts'
import { readRequest } from '../utils/request.ts'

export interface GetPoolParameters {
  /** Botega factory process id. */
  factory: string
  tokenA: string
  tokenB: string
  /** Fee tier in basis points; omit for the first pool of the pair. */
  feeBps?: number
}

/** The pool id, or `undefined` when the factory knows no pool for the pair. */
export type GetPoolReturnType = string | undefined

export type GetPoolErrorType = ProcessExecutionError | UnexpectedReplyError | ReplySchemaError

/**
 * Looks a pool up in a Botega factory (`Get-Pool`, either token order) with a dry-run.
 *
 * @example
 * const pool = await client.getPool({ factory, tokenA, tokenB })
 */
export async function getPool(client: Client, p: GetPoolParameters): Promise<GetPoolReturnType> {
  const tags = encodeMessage(getPoolRequest, { tokenA: p.tokenA, tokenB: p.tokenB, feeBps: p.feeBps })
  const r = await readRequest(client, { process: p.factory, tags, spec: getPoolResponse })
  return r.poolId
}
