import { rootTag } from '../../ao/aosMessage.ts'
import type { AoMessage } from '../../ao/message.ts'
import { normalizeTagName } from '../../ao/normalize.ts'

/** A swap request as the pool received it (reconstructed from its log). */
export interface RecordedSwap {
  t: number
  id: string
  trader: string
  tokenIn: string
  amountIn: bigint
  minOut: bigint
}

/** An order result relayed by the factory (`Order-Confirmation`), as found in a trader's or the factory's log. */
export interface RecordedConfirmation {
  t: number
  orderId: string
  user: string
  fromToken: string
  fromQuantity: bigint
  toToken: string
  toQuantity: bigint
  reserves: { a: bigint; b: bigint }
}

const INT = /^\d+$/

/** The pool's incoming `Credit-Notice` with `X-Action=Swap`, its tags read as aos reads them on the pool. */
export function recordedSwap(m: AoMessage): RecordedSwap | null {
  const r = readRecordedSwap(m)
  return r && 'swap' in r ? r.swap : null
}

/**
 * Like `recordedSwap`, but a swap notice that cannot be used (a `Quantity` such as `12.5`, `1e21` or `-3`, no
 * `Sender`) comes back with the reason instead of disappearing: callers count and report it.
 */
export function readRecordedSwap(m: AoMessage): { swap: RecordedSwap } | { unusable: string } | null {
  // One backwards pass over the tags (this runs once per logged message), reading them as aos puts them on the
  // pool's message root (src/ao/aosMessage.ts `rootTag`): names normalized, the last of duplicates wins.
  let action: string | undefined
  let xAction: string | undefined
  let qty: string | undefined
  let min: string | undefined
  let sender: string | undefined
  const tags = m.Tags
  for (let i = tags.length - 1; i >= 0; i--) {
    const v = tags[i].value
    switch (normalizeTagName(tags[i].name)) {
      case 'Action':
        action ??= v
        break
      case 'X-Action':
        xAction ??= v
        break
      case 'Quantity':
        qty ??= v
        break
      case 'X-Expected-Min-Output':
        min ??= v
        break
      case 'Sender':
        sender ??= v
        break
    }
  }
  if (action !== 'Credit-Notice' || xAction !== 'Swap') return null
  if (qty === undefined) return { unusable: 'swap notice without Quantity' }
  if (!INT.test(qty)) return { unusable: `Quantity "${qty.slice(0, 40)}" is not a non-negative integer` }
  if (!sender) return { unusable: 'swap notice without Sender' }
  return { swap: swapOf(m, qty, min, sender) }
}

function swapOf(m: AoMessage, qty: string, min: string | undefined, sender: string): RecordedSwap {
  return {
    t: m.Timestamp,
    id: m.Id ?? '',
    trader: sender,
    tokenIn: m.From,
    amountIn: BigInt(qty),
    minOut: min && INT.test(min) ? BigInt(min) : 0n,
  }
}

export function recordedConfirmation(m: AoMessage): RecordedConfirmation | null {
  if (rootTag(m, 'Action') !== 'Order-Confirmation') return null
  const g = (n: string) => rootTag(m, n) ?? ''
  const nums = ['From-Quantity', 'To-Quantity', 'Reserves-Token-A', 'Reserves-Token-B'].map(g)
  if (!nums.every((v) => INT.test(v))) return null
  return {
    t: m.Timestamp,
    orderId: g('Order-Id'),
    user: g('User') || g('Relay-To'),
    fromToken: g('From-Token'),
    fromQuantity: BigInt(nums[0]),
    toToken: g('To-Token'),
    toQuantity: BigInt(nums[1]),
    reserves: { a: BigInt(nums[2]), b: BigInt(nums[3]) },
  }
}
