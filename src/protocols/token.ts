import { z } from 'zod'
import { defineMessage, tag } from './defineMessage.ts'
import { address, balanceMap, integer, positiveQuantity, quantity, text } from './fields.ts'

/**
 * The AO token protocol (aos `blueprints/token.lua`, cookbook token spec), tolerant of its known variants:
 * `Recipient` or `Target`, capitalised (pre-Oct-2025) or lower-case (current) Info fields (`name`/`Name`, `supply`).
 * Lower-case names normalize to Title-Case on receipt, so both spellings parse through the same field.
 */
const P = 'token'

export const infoRequest = defineMessage({ protocol: P, name: 'Info', action: 'Info', fields: {} })

/** `Info` reply: no Action tag in the blueprint (ours sends `Info-Response`, also accepted). */
export const infoResponse = defineMessage({
  protocol: P,
  name: 'Info reply',
  action: 'Info-Response',
  actionOptional: true,
  fields: {
    name: tag('Name', text),
    ticker: tag('Ticker', text),
    denomination: tag('Denomination', integer),
    logo: tag('Logo', text, { optional: true }),
    totalSupply: tag('Supply', quantity, { optional: true, aliases: ['Total-Supply', 'TotalSupply'] }),
  },
})

export const balanceRequest = defineMessage({
  protocol: P,
  name: 'Balance',
  action: 'Balance',
  fields: { recipient: tag('Recipient', address, { optional: true, aliases: ['Target'] }) },
})

/** `Balance` reply (`Balance`, `Ticker`, `Account`; Data = balance). No Action in the blueprint. */
export const balanceResponse = defineMessage({
  protocol: P,
  name: 'Balance reply',
  action: 'Balance-Response',
  actionOptional: true,
  fields: {
    balance: tag('Balance', quantity),
    account: tag('Account', address, { optional: true, aliases: ['Target'] }),
    ticker: tag('Ticker', text, { optional: true }),
  },
})

export const balancesRequest = defineMessage({
  protocol: P,
  name: 'Balances',
  action: 'Balances',
  fields: {},
})

/** `Balances` reply: JSON object account → integer string in Data. */
export const balancesResponse = defineMessage({
  protocol: P,
  name: 'Balances reply',
  action: 'Balances-Response',
  actionOptional: true,
  fields: {},
  data: balanceMap,
})

export const transferRequest = defineMessage({
  protocol: P,
  name: 'Transfer',
  action: 'Transfer',
  fields: {
    recipient: tag('Recipient', address, { aliases: ['Target'] }),
    quantity: tag('Quantity', positiveQuantity),
    cast: tag('Cast', text, { optional: true }),
  },
  forwardsXTags: true,
})

export const debitNotice = defineMessage({
  protocol: P,
  name: 'Debit-Notice',
  action: 'Debit-Notice',
  fields: { recipient: tag('Recipient', address), quantity: tag('Quantity', quantity) },
  forwardsXTags: true,
})

export const creditNotice = defineMessage({
  protocol: P,
  name: 'Credit-Notice',
  action: 'Credit-Notice',
  fields: { sender: tag('Sender', address), quantity: tag('Quantity', quantity) },
  forwardsXTags: true,
})

export const transferError = defineMessage({
  protocol: P,
  name: 'Transfer-Error',
  action: 'Transfer-Error',
  fields: { messageId: tag('Message-Id', text, { optional: true }), error: tag('Error', text) },
  forwardsXTags: true,
})

/** Seeding mint (our reference token: owner-only; `Recipient` defaults to the owner). */
export const mintRequest = defineMessage({
  protocol: P,
  name: 'Mint',
  action: 'Mint',
  fields: {
    quantity: tag('Quantity', positiveQuantity),
    recipient: tag('Recipient', address, { optional: true }),
  },
})

export const mintError = defineMessage({
  protocol: P,
  name: 'Mint-Error',
  action: 'Mint-Error',
  fields: { messageId: tag('Message-Id', text, { optional: true }), error: tag('Error', text) },
})

export const totalSupplyRequest = defineMessage({
  protocol: P,
  name: 'Total-Supply',
  action: 'Total-Supply',
  fields: {},
})

export const totalSupplyResponse = defineMessage({
  protocol: P,
  name: 'Total-Supply reply',
  action: 'Total-Supply',
  fields: { ticker: tag('Ticker', text, { optional: true }) },
  data: z
    .string()
    .regex(/^[0-9]+$/)
    .transform((s) => BigInt(s)),
})
