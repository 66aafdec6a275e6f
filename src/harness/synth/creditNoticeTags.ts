import { AOS_MODULE_ID } from '../../ao/constants.ts'
import type { Tag } from '../../ao/message.ts'

/** The tags of a token's Credit-Notice to a pool, as the MU pushes it (the synths' one shape of a deposit or swap). */
export function creditNoticeTags(
  token: string,
  sender: string,
  qty: bigint,
  xtags: Tag[],
  reference: number,
  pushedFor: string,
): Tag[] {
  return [
    { name: 'Data-Protocol', value: 'ao' },
    { name: 'Variant', value: 'ao.TN.1' },
    { name: 'Type', value: 'Message' },
    { name: 'Action', value: 'Credit-Notice' },
    { name: 'Sender', value: sender },
    { name: 'Quantity', value: String(qty) },
    ...xtags,
    { name: 'Reference', value: String(reference) },
    { name: 'From-Process', value: token },
    { name: 'From-Module', value: AOS_MODULE_ID },
    { name: 'Pushed-For', value: pushedFor },
  ]
}
