import type { ActionPrimitive } from '../ActionPrimitive.ts'

/** transfer: pays a configured token to `recipient`; taken off the available balance when sent. */
export const transferAction: ActionPrimitive = {
  name: 'transfer',
  lua: 'actions/transfer.lua',
  replies: ['debit', 'transfer.failed'],
  halts: true,
  args: { token: 'str', recipient: 'str', quantity: 'int' },
}
