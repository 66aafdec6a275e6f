import { defineMessage, tag } from './defineMessage.ts'
import {
  address,
  decimalText,
  flag,
  integer,
  literal,
  positiveQuantity,
  quantity,
  text,
  wholeNumber,
} from './fields.ts'

/**
 * Botega AMM pool + factory (dex-protocols.md §2.1). Queries are answered with `msg.reply`, Action `<Action>-Response`.
 * A swap is a token `Transfer` to the pool carrying `X-Action = Swap` and `X-Expected-Min-Output`; the outcome is an
 * output `Credit-Notice` (`X-Action = Swap-Output`) plus a factory-relayed `Order-Confirmation`, or a refund
 * `Credit-Notice` (`X-Refund-Reason`) plus a relayed `Order-Error`.
 */
const P = 'botega'

/** Swapper id for a non-discounted quote (`Get-Swap-Output` requires a Swapper). */
export const NO_DISCOUNT_SWAPPER = '0000000000000000000000000000000000000000000'

/** X- tags a pool sets itself and never forwards from the incoming transfer (§2.1.6). */
export const RESERVED_X_TAGS = [
  'X-Action',
  'X-Slippage-Tolerance',
  'X-Expected-Min-Output',
  'X-Token-A',
  'X-Token-B',
  'X-Reserves-Token-A',
  'X-Reserves-Token-B',
  'X-Swap-Timestamp',
  'X-Fee-Bps',
  'X-Error',
  'X-Refund-Reason',
  'X-Refunded-Transfer',
  'X-Refunded-Order',
  'X-Refunded-Provide',
] as const

export const poolInfoRequest = defineMessage({ protocol: P, name: 'Info', action: 'Info', fields: {} })

export const poolInfoResponse = defineMessage({
  protocol: P,
  name: 'Info reply',
  action: 'Info-Response',
  actionOptional: true,
  fields: {
    name: tag('Name', text),
    ticker: tag('Ticker', text),
    denomination: tag('Denomination', integer),
    totalSupply: tag('TotalSupply', quantity),
    tokenA: tag('TokenA', address),
    tokenB: tag('TokenB', address),
    /** LP and protocol fee together; the real pool writes it as a float string (`25.0`) */
    feeBps: tag('FeeBps', wholeNumber),
    type: tag('Type', text, { optional: true }),
  },
})

export const getPairRequest = defineMessage({ protocol: P, name: 'Get-Pair', action: 'Get-Pair', fields: {} })
export const getPairResponse = defineMessage({
  protocol: P,
  name: 'Get-Pair reply',
  action: 'Get-Pair-Response',
  actionOptional: true,
  fields: { tokenA: tag('Token-A', address), tokenB: tag('Token-B', address) },
})

export const getReservesRequest = defineMessage({
  protocol: P,
  name: 'Get-Reserves',
  action: 'Get-Reserves',
  fields: {},
})

/**
 * `Get-Reserves` reply: one tag per token id. The tag name is the token id itself, which a normalizing receiver
 * rewrites (`xU9z…_h10` → `Xu9z…-H10`); lookups normalize the id the same way, so pass the pair's token ids.
 */
export function getReservesResponse(tokenA: string, tokenB: string) {
  return defineMessage({
    protocol: P,
    name: 'Get-Reserves reply',
    action: 'Get-Reserves-Response',
    actionOptional: true,
    fields: { reserveA: tag(tokenA, quantity), reserveB: tag(tokenB, quantity) },
  })
}

export const getKRequest = defineMessage({ protocol: P, name: 'Get-K', action: 'Get-K', fields: {} })
export const getKResponse = defineMessage({
  protocol: P,
  name: 'Get-K reply',
  action: 'Get-K-Response',
  actionOptional: true,
  fields: { k: tag('K', quantity) },
})

export const getPriceRequest = defineMessage({
  protocol: P,
  name: 'Get-Price',
  action: 'Get-Price',
  fields: { token: tag('Token', address), quantity: tag('Quantity', positiveQuantity, { optional: true }) },
})

/** Raw constant-product output for `Quantity` of `Token` with **no fee deducted** (`0` if the token is not in the pair). */
export const getPriceResponse = defineMessage({
  protocol: P,
  name: 'Get-Price reply',
  action: 'Get-Price-Response',
  actionOptional: true,
  fields: { price: tag('Price', quantity) },
})

export const getSwapOutputRequest = defineMessage({
  protocol: P,
  name: 'Get-Swap-Output',
  action: 'Get-Swap-Output',
  fields: {
    token: tag('Token', address),
    quantity: tag('Quantity', positiveQuantity),
    swapper: tag('Swapper', address),
  },
})

export const getSwapOutputResponse = defineMessage({
  protocol: P,
  name: 'Get-Swap-Output reply',
  action: 'Get-Swap-Output-Response',
  actionOptional: true,
  fields: {
    output: tag('Output', quantity),
    quantityAfterFees: tag('Quantity-After-Fees', quantity),
    lpFeeQuantity: tag('LP-Fee-Quantity', quantity),
    protocolFeeQuantity: tag('Protocol-Fee-Quantity', quantity),
    hasFeeDiscount: tag('Has-Fee-Discount', flag, { optional: true }),
  },
})

export const getSwapOutputError = defineMessage({
  protocol: P,
  name: 'Get-Swap-Output-Error',
  action: 'Get-Swap-Output-Error',
  fields: { error: tag('Error', text) },
})

export const getFeePercentageRequest = defineMessage({
  protocol: P,
  name: 'Get-Fee-Percentage',
  action: 'Get-Fee-Percentage',
  fields: { hasFeeDiscount: tag('Has-Fee-Discount', flag, { optional: true }) },
})

/** Percent units as decimal strings (`0.25` = 25 bps); use decimal.js to read them. */
export const getFeePercentageResponse = defineMessage({
  protocol: P,
  name: 'Get-Fee-Percentage reply',
  action: 'Get-Fee-Percentage-Response',
  actionOptional: true,
  fields: {
    lpFeePercentage: tag('LP-Fee-Percentage', decimalText),
    protocolFeePercentage: tag('Protocol-Fee-Percentage', decimalText),
    feePercentage: tag('Fee-Percentage', decimalText),
  },
})

export const getPoolRequest = defineMessage({
  protocol: P,
  name: 'factory Get-Pool',
  action: 'Get-Pool',
  fields: {
    tokenA: tag('Token-A', address),
    tokenB: tag('Token-B', address),
    feeBps: tag('Fee-Bps', integer, { optional: true }),
  },
})

/** `Pool-Id` is absent when the factory knows no such pool. */
export const getPoolResponse = defineMessage({
  protocol: P,
  name: 'factory Get-Pool reply',
  action: 'Get-Pool-Response',
  actionOptional: true,
  fields: {
    poolId: tag('Pool-Id', address, { optional: true }),
    pending: tag('Pending', flag, { optional: true }),
  },
})

/** The swap request: a `Transfer` sent to the **input token** with `Recipient = pool`. */
export const swapTransfer = defineMessage({
  protocol: P,
  name: 'Swap transfer',
  action: 'Transfer',
  fields: {
    pool: tag('Recipient', address),
    quantity: tag('Quantity', positiveQuantity),
    xAction: tag('X-Action', literal('Swap')),
    expectedMinOutput: tag('X-Expected-Min-Output', positiveQuantity),
    swapNonce: tag('X-Swap-Nonce', text, { optional: true }),
  },
  forwardsXTags: true,
})

/** Fill: `Credit-Notice` from the **output token**, `Sender = pool`. */
export const swapOutputCredit = defineMessage({
  protocol: P,
  name: 'Swap-Output Credit-Notice',
  action: 'Credit-Notice',
  fields: {
    sender: tag('Sender', address),
    quantity: tag('Quantity', quantity),
    xAction: tag('X-Action', literal('Swap-Output')),
    reservesTokenA: tag('X-Reserves-Token-A', quantity),
    reservesTokenB: tag('X-Reserves-Token-B', quantity),
    tokenA: tag('X-Token-A', address),
    tokenB: tag('X-Token-B', address),
    feeBps: tag('X-Fee-Bps', integer),
    swapTimestamp: tag('X-Swap-Timestamp', integer, { optional: true }),
  },
  forwardsXTags: true,
})

const orderFields = {
  orderId: tag('Order-Id', text),
  fromToken: tag('From-Token', address),
  fromQuantity: tag('From-Quantity', quantity),
  toToken: tag('To-Token', address),
  toQuantity: tag('To-Quantity', quantity),
} as const

/** `Order-Confirmation` (pool → factory with `Relay-To`; factory → user adding `Relayed-From = pool`). */
export const orderConfirmation = defineMessage({
  protocol: P,
  name: 'Order-Confirmation',
  action: 'Order-Confirmation',
  fields: {
    ...orderFields,
    reservesTokenA: tag('Reserves-Token-A', quantity),
    reservesTokenB: tag('Reserves-Token-B', quantity),
    tokenA: tag('Token-A', address),
    tokenB: tag('Token-B', address),
    feePercentage: tag('Fee-Percentage', decimalText, { optional: true }),
    totalFee: tag('Total-Fee', quantity),
    lpFee: tag('LP-Fee', quantity),
    protocolFee: tag('Protocol-Fee', quantity),
    user: tag('User', address),
    triggerTimestamp: tag('Trigger-Timestamp', integer, { optional: true }),
    relayTo: tag('Relay-To', address, { optional: true }),
    relayedFrom: tag('Relayed-From', address, { optional: true }),
  },
  forwardsXTags: true,
})

/** Refund: `Credit-Notice` from the **input token**, `Sender = pool`, full input quantity. */
export const refundCredit = defineMessage({
  protocol: P,
  name: 'refund Credit-Notice',
  action: 'Credit-Notice',
  fields: {
    sender: tag('Sender', address),
    quantity: tag('Quantity', quantity),
    refundReason: tag('X-Refund-Reason', text),
    refundedTransfer: tag('X-Refunded-Transfer', text, { optional: true }),
    refundedOrder: tag('X-Refunded-Order', text, { optional: true }),
    xAction: tag('X-Action', text, { optional: true }),
  },
  forwardsXTags: true,
})

export const orderError = defineMessage({
  protocol: P,
  name: 'Order-Error',
  action: 'Order-Error',
  fields: {
    ...orderFields,
    result: tag('Result', text),
    responseFor: tag('Response-For', text, { optional: true }),
    user: tag('User', address, { optional: true }),
    relayTo: tag('Relay-To', address, { optional: true }),
    relayedFrom: tag('Relayed-From', address, { optional: true }),
  },
  forwardsXTags: true,
})

/** One leg of a liquidity provision: a `Transfer` to the pool with `X-Action = Provide`. */
export const provideTransfer = defineMessage({
  protocol: P,
  name: 'Provide transfer',
  action: 'Transfer',
  fields: {
    pool: tag('Recipient', address),
    quantity: tag('Quantity', positiveQuantity),
    xAction: tag('X-Action', literal('Provide')),
    slippageTolerance: tag('X-Slippage-Tolerance', decimalText, { optional: true }),
  },
  forwardsXTags: true,
})

export const provideConfirmation = defineMessage({
  protocol: P,
  name: 'Provide-Confirmation',
  action: 'Provide-Confirmation',
  fields: {
    provideId: tag('Provide-Id', text),
    receivedPoolTokens: tag('Received-Pool-Tokens', quantity),
    tokenA: tag('Token-A', address),
    tokenB: tag('Token-B', address),
    tokenAQuantity: tag('Token-A-Quantity', quantity),
    tokenBQuantity: tag('Token-B-Quantity', quantity),
    user: tag('User', address, { optional: true }),
    relayedFrom: tag('Relayed-From', address, { optional: true }),
  },
  forwardsXTags: true,
})

export const provideError = defineMessage({
  protocol: P,
  name: 'Provide-Error',
  action: 'Provide-Error',
  fields: {
    provideId: tag('Provide-Id', text, { optional: true }),
    result: tag('Result', text),
    relayedFrom: tag('Relayed-From', address, { optional: true }),
  },
  forwardsXTags: true,
})

export const burnRequest = defineMessage({
  protocol: P,
  name: 'Burn',
  action: 'Burn',
  fields: { quantity: tag('Quantity', positiveQuantity) },
})

export const burnConfirmation = defineMessage({
  protocol: P,
  name: 'Burn-Confirmation',
  action: 'Burn-Confirmation',
  fields: {
    burnedPoolTokens: tag('Burned-Pool-Tokens', quantity),
    tokenA: tag('Token-A', address),
    tokenB: tag('Token-B', address),
    tokenAQuantity: tag('Token-A-Quantity', quantity),
    tokenBQuantity: tag('Token-B-Quantity', quantity),
  },
})

export const burnError = defineMessage({
  protocol: P,
  name: 'Burn-Error',
  action: 'Burn-Error',
  fields: { error: tag('Error', text) },
})

/** Documented pool error strings (§2.1.5), as the `X-Refund-Reason` / `Result` values. */
export const BOTEGA_ERRORS = {
  minOutput: 'Could not swap with expected min output',
  emptyReserves: 'The reserves are empty',
  drain: 'This swap would drain the pool',
  noLiquidity: "There isn't enough liquidity in the reserves to complete this order",
  invalidMinOutput: 'Invalid expected min output',
  missingMinOutput: 'X-Expected-Min-Output is not present',
  expectedOutputDisabled: 'X-Expected-Output is disabled, use X-Expected-Min-Output instead',
  tokenNotInPair: 'Token is not in pair',
  invalidAction: 'Invalid forwarded action',
} as const

export type BotegaErrorText = (typeof BOTEGA_ERRORS)[keyof typeof BOTEGA_ERRORS]
