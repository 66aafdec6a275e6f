/** Entry point for afk clients: `import { createClient, devnet, tokenActions, dexActions } from 'afk/clients'`. */
export {
  addressSigner,
  type Client,
  type ClientConfig,
  createClient,
  jwkSigner,
  type Signer,
} from './createClient.ts'
export { dexActions } from './decorators/dex.ts'
export { tokenActions } from './decorators/token.ts'
export { type GetPoolParameters, type GetPoolReturnType, getPool } from './dex/getPool.ts'
export {
  type GetReservesParameters,
  type GetReservesReturnType,
  getPair,
  getReserves,
} from './dex/getReserves.ts'
export {
  type PermaswapQuoteParameters,
  type PermaswapQuoteReturnType,
  permaswapQuote,
} from './dex/permaswap/quote.ts'
export {
  type PermaswapSwapParameters,
  type PermaswapSwapReturnType,
  permaswapSwap,
} from './dex/permaswap/swap.ts'
export { type QuoteParameters, type QuoteReturnType, quote } from './dex/quote.ts'
export { ORDER_ID_TAG, type SwapParameters, type SwapReturnType, swap } from './dex/swap.ts'
export { type GetBalanceParameters, type GetBalanceReturnType, getBalance } from './token/getBalance.ts'
export { type GetBalancesParameters, type GetBalancesReturnType, getBalances } from './token/getBalances.ts'
export { type GetInfoParameters, type GetInfoReturnType, getInfo } from './token/getInfo.ts'
export { type TransferParameters, type TransferReturnType, transfer } from './token/transfer.ts'
export { type AoconnectTransportOptions, aoconnect } from './transports/aoconnect.ts'
export {
  type Account,
  type AoResult,
  type ChainMessage,
  createTransport,
  type Transport,
} from './transports/createTransport.ts'
export { devnet } from './transports/devnet.ts'
export { type SimulatorWorld, simulator } from './transports/simulator.ts'
export { displayUnits, formatUnits, parseUnits } from './units.ts'
