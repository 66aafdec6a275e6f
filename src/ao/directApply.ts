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
  applyDirect?(message: AoMessage, unseen: Unseen): DirectSend[] | undefined
  /** a `Transfer` pushed by the world process `from` (signed by the MU `mu`), applied without its message */
  applyTransfer?(
    from: string,
    mu: string,
    transfer: { recipient: string; quantity: bigint },
    unseen: Unseen,
  ): DirectSend[] | undefined
}
