import type { ProcessExecutionError, ReplySchemaError, UnexpectedReplyError } from '../../errors/client.ts'
import { getSwapOutputError, getSwapOutputRequest, getSwapOutputResponse } from '../../protocols/botega.ts'
import { encodeMessage } from '../../protocols/encodeMessage.ts'
import type { Client } from '../createClient.ts'
import { readRequest } from '../utils/request.ts'

export interface QuoteParameters {
  /** Botega pool process id. */
  pool: string
  /** Token sent into the pool. */
  tokenIn: string
  /** Raw input amount. */
  amountIn: bigint
  /** Address whose fee tier applies (discounts); defaults to the client's address. */
  swapper?: string
}

export interface QuoteReturnType {
  /** Output the pool would pay now, fees included (`Output`). */
  amountOut: bigint
  /** Input left after fees (`Quantity-After-Fees`). */
  amountInAfterFees: bigint
  lpFee: bigint
  protocolFee: bigint
  totalFee: bigint
}

export type QuoteErrorType = ProcessExecutionError | UnexpectedReplyError | ReplySchemaError

/**
 * Quotes a Botega swap with `Get-Swap-Output` (fees included, unlike `Get-Price`) with a dry-run. A pool refusal
 * (`Get-Swap-Output-Error`: token not in pair) throws `UnexpectedReplyError` with its text; a pool that cannot pay
 * anything out (empty reserves) quotes `amountOut = 0`, as the real Botega pool does.
 *
 * @example
 * const { amountOut } = await client.quote({ pool, tokenIn, amountIn: 10n ** 12n })
 */
export async function quote(client: Client, p: QuoteParameters): Promise<QuoteReturnType> {
  const tags = encodeMessage(getSwapOutputRequest, {
    token: p.tokenIn,
    quantity: p.amountIn,
    swapper: p.swapper ?? client.signer.address,
  })
  const r = await readRequest(client, {
    process: p.pool,
    tags,
    spec: getSwapOutputResponse,
    errors: [getSwapOutputError],
  })
  return {
    amountOut: r.output,
    amountInAfterFees: r.quantityAfterFees,
    lpFee: r.lpFeeQuantity,
    protocolFee: r.protocolFeeQuantity,
    totalFee: r.lpFeeQuantity + r.protocolFeeQuantity,
  }
}
