import type { ProcessExecutionError, ReplySchemaError, UnexpectedReplyError } from '../../../errors/client.ts'
import { encodeMessage } from '../../../protocols/encodeMessage.ts'
import { errorResponse, getAmountOutRequest, getAmountOutResponse } from '../../../protocols/permaswap.ts'
import type { Client } from '../../createClient.ts'
import { readRequest } from '../../utils/request.ts'

export interface PermaswapQuoteParameters {
  /** Permaswap pool process id. */
  pool: string
  tokenIn: string
  /** Raw input amount. */
  amountIn: bigint
}

export interface PermaswapQuoteReturnType {
  tokenOut: string
  /** Output after the pool fee (`AmountOut`). */
  amountOut: bigint
}

export type PermaswapQuoteErrorType = ProcessExecutionError | UnexpectedReplyError | ReplySchemaError

/**
 * Quotes a Permaswap swap (`GetAmountOut`) with a dry-run; an `Error` reply throws `UnexpectedReplyError`.
 *
 * @example
 * const { amountOut } = await client.permaswap.quote({ pool, tokenIn, amountIn })
 */
export async function permaswapQuote(
  client: Client,
  p: PermaswapQuoteParameters,
): Promise<PermaswapQuoteReturnType> {
  const tags = encodeMessage(getAmountOutRequest, { tokenIn: p.tokenIn, amountIn: p.amountIn })
  const r = await readRequest(client, {
    process: p.pool,
    tags,
    spec: getAmountOutResponse,
    errors: [errorResponse],
  })
  return { tokenOut: r.tokenOut, amountOut: r.amountOut }
}
