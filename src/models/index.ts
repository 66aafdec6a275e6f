/** Entry point for the TS process models and pure AMM maths (used by clients' `quote` and the backtest harness). */
export {
  AmountError,
  addAmount,
  ceilDiv,
  isqrt,
  MAX_AMOUNT,
  mulAmount,
  parseAmount,
  tryParseAmount,
} from './amount.ts'
export { BotegaFactoryModel, type BotegaFactoryModelParameters } from './BotegaFactoryModel.ts'
export { BotegaPoolModel, type BotegaPoolModelParameters } from './BotegaPoolModel.ts'
export {
  BotegaSwapError,
  type BotegaSwapResult,
  botegaPrice,
  botegaSwap,
  bpsToPercent,
} from './botegaSwap.ts'
export {
  ModelHandlerError,
  type ModelMessage,
  ModelProcess,
  type ModelProcessParameters,
  toModelMessage,
} from './ModelProcess.ts'
export { PermaswapPoolModel, type PermaswapPoolModelParameters } from './PermaswapPoolModel.ts'
export { PermaswapSettleModel } from './PermaswapSettleModel.ts'
export { permaswapAmountOut } from './permaswapAmountOut.ts'
export { encodeNote } from './permaswapNote.ts'
export {
  parseSignalBps,
  SIGNAL_DEFAULT_ASSET,
  SIGNAL_MAX_ABS_BPS,
  SignalModel,
  type SignalModelParameters,
  signalAssetError,
} from './SignalModel.ts'
export { TokenModel, type TokenModelParameters } from './TokenModel.ts'
