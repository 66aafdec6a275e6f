import type { AoMessage, OutboxMessage } from './message.ts'

/** Whether a message to `target` with this Action would be delivered unseen (a quiet delivery, see `WorldOptions.quiet`). */
export type Unseen = (target: string, action: string) => boolean

/**
 * One message a direct application sent, in outbox order: counted and delivered like any other, but built only
 * when its delivery is seen by someone (else it becomes a quiet delivery or a direct transfer).
 */
export interface DirectSend {
  target: string
  /** its Action tag */
  action: string
  /** set on a token `Transfer`: what a target with `applyTransfer` needs to apply it without the message */
  transfer?: { recipient: string; quantity: bigint }
  /** the outbox message exactly as the full evaluation would have sent it; absent when it is always unseen */
  build?: () => OutboxMessage
}

/**
 * The fast path's "reserve updates": a process that can apply a message's effects on its state directly, without
 * making the message or its outbox. Either it leaves exactly the state (Reference counter included) the evaluation
 * would have left and returns the sends the evaluation would have made, or it changes nothing and returns
 * undefined (the message is then evaluated as usual). Used only with `WorldOptions.quiet`.
 */
export interface DirectProcess {
  /** an incoming message (e.g. a recorded swap), applied directly when all it sends but token transfers is unseen */
  applyDirect?(message: SourceMessage, unseen: Unseen): DirectSend[] | undefined
  /** a `Transfer` pushed by the world process `from` (signed by the MU `mu`), applied without its message */
  applyTransfer?(
    from: string,
    mu: string,
    transfer: { recipient: string; quantity: bigint },
    unseen: Unseen,
  ): DirectSend[] | undefined
}

/**
 * A message not built yet (the replay's pre-parsed records): the envelope fields, a reader of its tags and the whole
 * message on demand. A direct application reads only these; anything that needs more calls `build()`.
 */
export interface UnbuiltMessage {
  readonly unbuilt: true
  readonly Id: string | undefined
  readonly From: string
  readonly Owner: string
  readonly Target: string
  readonly Timestamp: number
  readonly 'Block-Height': number
  readonly Cron: false
  /** for each name, the value of the last tag whose normalized name it is (as `rootTags` in models/ModelProcess) */
  rootTags(names: readonly string[]): (string | undefined)[]
  /**
   * `rootTags`, with the values of `names[amountsFrom]` to the end as `tryParseAmount` reads them (`null`: the tag
   * is there but holds no amount), possibly without making their text (a recorded swap's Quantity and minimum output)
   */
  rootTagsAmounts(names: readonly string[], amountsFrom: number): (string | bigint | null | undefined)[]
  /** the message exactly as the log reader gave it (the same object on every call) */
  build(): AoMessage
}

/** A message from outside the world as a source hands it over: built, or not yet (`UnbuiltMessage`). */
export type SourceMessage = AoMessage | UnbuiltMessage

export function isUnbuilt(m: SourceMessage): m is UnbuiltMessage {
  return (m as { unbuilt?: unknown }).unbuilt === true
}

/** The message itself, built if it was not. */
export function builtMessage(m: SourceMessage): AoMessage {
  return isUnbuilt(m) ? m.build() : m
}
