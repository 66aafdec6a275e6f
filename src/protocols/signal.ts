import { z } from 'zod'
import { defineMessage, tag } from './defineMessage.ts'
import { flag, integer, jsonOf, text } from './fields.ts'

/**
 * The afk reference signal protocol (`lua/processes/signal.lua`): `Get-Signal` is answered in the X-Reference
 * request/reply style with an integer signal in bps, set per asset by the process owner. Without `Asset` the asset
 * is `default`. A silent process (`Set-Silent`) does not answer at all, so callers need a timeout.
 */
const P = 'signal'

/** Asset names: a plain charset, so they go into tags and JSON unescaped. */
export const signalAsset = z
  .string()
  .regex(/^[A-Za-z0-9\-_.:/]{1,64}$/, 'expected 1-64 chars of A-Z a-z 0-9 - _ . : /')

export const getSignalRequest = defineMessage({
  protocol: P,
  name: 'Get-Signal',
  action: 'Get-Signal',
  fields: { asset: tag('Asset', signalAsset, { optional: true }) },
})

/** The reply: the same fields as tags and as a JSON Data body. */
export const getSignalResponse = defineMessage({
  protocol: P,
  name: 'Get-Signal reply',
  action: 'Get-Signal-Response',
  fields: { asset: tag('Asset', signalAsset), signalBps: tag('Signal-Bps', integer) },
  data: jsonOf(z.object({ Asset: signalAsset, 'Signal-Bps': z.number().int().safe() })),
})

/** Unknown asset or a malformed `Asset`: the reason in `Error` (and Data), still carrying the X-Reference. */
export const getSignalError = defineMessage({
  protocol: P,
  name: 'Get-Signal-Error',
  action: 'Get-Signal-Error',
  fields: { asset: tag('Asset', text, { optional: true }), error: tag('Error', text) },
})

/** Owner only; bad input raises an error (no reply), like the other reference processes. */
export const setSignalRequest = defineMessage({
  protocol: P,
  name: 'Set-Signal',
  action: 'Set-Signal',
  fields: { asset: tag('Asset', signalAsset, { optional: true }), signalBps: tag('Signal-Bps', integer) },
})

export const setSignalResponse = defineMessage({
  protocol: P,
  name: 'Set-Signal reply',
  action: 'Set-Signal-Response',
  fields: { asset: tag('Asset', signalAsset), signalBps: tag('Signal-Bps', integer) },
})

/** Owner only: `Silent = true` makes the process ignore `Get-Signal` (for timeout tests). */
export const setSilentRequest = defineMessage({
  protocol: P,
  name: 'Set-Silent',
  action: 'Set-Silent',
  fields: { silent: tag('Silent', flag) },
})

export const setSilentResponse = defineMessage({
  protocol: P,
  name: 'Set-Silent reply',
  action: 'Set-Silent-Response',
  fields: { silent: tag('Silent', flag) },
})
