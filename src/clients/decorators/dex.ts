import type { Client } from '../createClient.ts'
import { type GetPoolParameters, getPool } from '../dex/getPool.ts'
import { type GetReservesParameters, getReserves } from '../dex/getReserves.ts'
import { type PermaswapQuoteParameters, permaswapQuote } from '../dex/permaswap/quote.ts'
import { type PermaswapSwapParameters, permaswapSwap } from '../dex/permaswap/swap.ts'
import { type QuoteParameters, quote } from '../dex/quote.ts'
import { type SwapParameters, swap } from '../dex/swap.ts'

/** Binds the DEX actions (Botega at the top level, Permaswap under `permaswap`): `client.extend(dexActions)`. */
export function dexActions(client: Client) {
  return {
    getPool: (p: GetPoolParameters) => getPool(client, p),
    getReserves: (p: GetReservesParameters) => getReserves(client, p),
    quote: (p: QuoteParameters) => quote(client, p),
    swap: (p: SwapParameters) => swap(client, p),
    permaswap: {
      quote: (p: PermaswapQuoteParameters) => permaswapQuote(client, p),
      swap: (p: PermaswapSwapParameters) => permaswapSwap(client, p),
    },
  }
}
