import { z } from 'zod'
import { defineMessage, tag } from './defineMessage.ts'
import { address, integer, jsonOf, literal, positiveQuantity, quantity, text } from './fields.ts'

/**
 * Permaswap on AO (FFP note flow, dex-protocols.md §2.3): `GetAmountOut` quote; `RequestOrder` → `OrderMade-Notice`
 * with a note; a `Transfer` of the input to the note's settle process (`X-FFP-For = Settle`, `X-FFP-NoteIDs`) before
 * `ExpireDate`; outcome `Credit-Notice` with `X-FFP-For = Settled` (output token) or `Refund` (input token).
 * Wire names keep Permaswap's spelling (`NoteID`, `X-FFP-For`); a normalizing receiver sees `Noteid`, `X-Ffp-For`.
 */
const P = 'permaswap'

/** Pool `TimeoutPeriod` seen in sources: notes expire 90 s after issue. */
export const DEFAULT_NOTE_TIMEOUT_MS = 90_000

export const noteSchema = z.object({
  NoteID: z.string(),
  Issuer: z.string(),
  Settle: z.string(),
  AssetID: z.string(),
  Amount: z.string().regex(/^[0-9]+$/),
  HolderAssetID: z.string(),
  HolderAmount: z.string().regex(/^[0-9]+$/),
  Holder: z.string().optional(),
  IssueDate: z.number().int(),
  ExpireDate: z.number().int(),
  Status: z.string(),
})
export type PermaswapNote = z.output<typeof noteSchema>

export const poolInfoRequest = defineMessage({ protocol: P, name: 'Info', action: 'Info', fields: {} })

/** Pool Info; reserves `PX`/`PY` are omitted while a note executes. */
export const poolInfoResponse = defineMessage({
  protocol: P,
  name: 'Info reply',
  action: 'Info-Response',
  actionOptional: true,
  fields: {
    x: tag('X', address),
    y: tag('Y', address),
    fee: tag('Fee', integer),
    px: tag('PX', quantity, { optional: true }),
    py: tag('PY', quantity, { optional: true }),
    settle: tag('Settle', address, { optional: true }),
    name: tag('Name', text, { optional: true }),
  },
})

export const getAmountOutRequest = defineMessage({
  protocol: P,
  name: 'GetAmountOut',
  action: 'GetAmountOut',
  fields: { tokenIn: tag('TokenIn', address), amountIn: tag('AmountIn', positiveQuantity) },
})

export const getAmountOutResponse = defineMessage({
  protocol: P,
  name: 'GetAmountOut reply',
  action: 'GetAmountOut-Response',
  actionOptional: true,
  fields: {
    tokenIn: tag('TokenIn', address),
    amountIn: tag('AmountIn', quantity),
    tokenOut: tag('TokenOut', address),
    amountOut: tag('AmountOut', quantity),
    poolFee: tag('PoolFee', quantity, { optional: true }),
  },
})

/**
 * Error reply to a query or order (`err_invalid_token_in`, `err_no_amount_out`, `err_amount_out_too_small`, …): an
 * `Error` tag and no fixed Action (ours adds `Response-For = <request Action>`).
 */
export const errorResponse = defineMessage({
  protocol: P,
  name: 'error reply',
  fields: { error: tag('Error', text), responseFor: tag('Response-For', text, { optional: true }) },
})

/** Pool → settle: registers a note the pool has issued (Data = note JSON). */
export const registerNote = defineMessage({
  protocol: P,
  name: 'Register-Note',
  action: 'Register-Note',
  fields: { noteId: tag('NoteID', text) },
  data: jsonOf(noteSchema),
})

/** Settle → pool: the holder paid; deliver the note's asset to the settle process. */
export const executeRequest = defineMessage({
  protocol: P,
  name: 'Execute',
  action: 'Execute',
  fields: { noteId: tag('NoteID', text), settleId: tag('SettleID', text) },
})

/** Pool → settle: the note can no longer be executed (expired/unknown); settle refunds the holder. */
export const rejectNotice = defineMessage({
  protocol: P,
  name: 'Reject',
  action: 'Reject',
  fields: { noteId: tag('NoteID', text), error: tag('Error', text) },
})

/** Documented/derived error codes of our reference pool and settle processes. */
export const PERMASWAP_ERRORS = {
  invalidTokenIn: 'err_invalid_token_in',
  invalidTokenOut: 'err_invalid_token_out',
  invalidAmountIn: 'err_invalid_amount_in',
  invalidAmountOut: 'err_invalid_amount_out',
  noAmountOut: 'err_no_amount_out',
  amountOutTooSmall: 'err_amount_out_too_small',
  insufficientLiquidity: 'err_insufficient_liquidity',
  noteNotFound: 'err_note_not_found',
  noteNotOpen: 'err_note_not_open',
  noteExpired: 'err_note_expired',
  wrongAsset: 'err_wrong_holder_asset',
  wrongAmount: 'err_wrong_holder_amount',
  wrongHolder: 'err_wrong_holder',
  unknownSettlement: 'err_unknown_settlement',
} as const

export const requestOrder = defineMessage({
  protocol: P,
  name: 'RequestOrder',
  action: 'RequestOrder',
  fields: {
    tokenIn: tag('TokenIn', address),
    tokenOut: tag('TokenOut', address),
    amountIn: tag('AmountIn', positiveQuantity),
    amountOut: tag('AmountOut', quantity, { optional: true }),
  },
})

export const orderMadeNotice = defineMessage({
  protocol: P,
  name: 'OrderMade-Notice',
  action: 'OrderMade-Notice',
  fields: {
    noteId: tag('NoteID', text),
    noteSettle: tag('NoteSettle', address),
    noteSettleVersion: tag('NoteSettleVersion', text, { optional: true }),
  },
  data: jsonOf(noteSchema),
})

/** Paying a note: a `Transfer` of the input token to the settle process. */
export const settleTransfer = defineMessage({
  protocol: P,
  name: 'settle Transfer',
  action: 'Transfer',
  fields: {
    settle: tag('Recipient', address),
    quantity: tag('Quantity', positiveQuantity),
    ffpFor: tag('X-FFP-For', literal('Settle')),
    noteIds: tag('X-FFP-NoteIDs', jsonOf(z.array(z.string()).min(1))),
  },
  forwardsXTags: true,
})

/** Outcome from the settle process: output token credit (`Settled`) or input token refund (`Refund`). */
export const settledCredit = defineMessage({
  protocol: P,
  name: 'Settled Credit-Notice',
  action: 'Credit-Notice',
  fields: {
    sender: tag('Sender', address),
    quantity: tag('Quantity', quantity),
    ffpFor: tag('X-FFP-For', literal('Settled')),
    noteId: tag('X-FFP-NoteID', text, { optional: true }),
  },
  forwardsXTags: true,
})

export const refundCredit = defineMessage({
  protocol: P,
  name: 'Refund Credit-Notice',
  action: 'Credit-Notice',
  fields: {
    sender: tag('Sender', address),
    quantity: tag('Quantity', quantity),
    ffpFor: tag('X-FFP-For', literal('Refund')),
    noteId: tag('X-FFP-NoteID', text, { optional: true }),
    error: tag('X-FFP-Error', text, { optional: true }),
  },
  forwardsXTags: true,
})

/** Whether a note can still be settled at `timestamp` (ms): expiry is inclusive of `ExpireDate`. */
export function isNoteOpen(note: Pick<PermaswapNote, 'ExpireDate' | 'Status'>, timestamp: number): boolean {
  return note.Status === 'Open' && timestamp <= note.ExpireDate
}
