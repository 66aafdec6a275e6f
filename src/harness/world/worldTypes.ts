import type { DirectSend, SourceMessage } from '../../ao/directApply.ts'
import type { AoMessage, AoProcessLike, HandleResult, OutboxMessage } from '../../ao/message.ts'
import type { BlockClock } from './BlockClock.ts'
import type { Cron } from './crons.ts'

/** Delay (ms) between the evaluation of a message and the delivery of each message in its outbox. */
export type Latency = number | ((p: { from: string; to: string; message: OutboxMessage }) => number)

export type {
  DirectProcess,
  DirectSend,
  SourceMessage,
  UnbuiltMessage,
  Unseen,
} from '../../ao/directApply.ts'

export interface WorldOptions {
  /** MU signer of pushed messages; must be an Authority of aos receivers. Default: the legacynet MU. */
  mu?: string
  latency?: Latency
  clock?: BlockClock
  /** Prefix for generated message ids (pushed messages), so two worlds with different seeds never collide. */
  idSeed?: string
  /**
   * Fast path: a pushed message to a target outside the world (when nobody listens with `onExternal`), or to a
   * process that `ignores` it, is counted at its delivery time (steps, nonce, evaluations) without being built or
   * evaluated. Observers of `onEvaluated` do not see those steps; `onQuiet` observers get their time instead.
   */
  quiet?: boolean
}

/** A process that can say a message would match none of its handlers (see `WorldOptions.quiet`). */
export interface IgnoringProcess {
  ignores(out: OutboxMessage): boolean
  /** the same, for a message known only by its Action */
  ignoresAction?(action: string): boolean
}

export interface AddProcessOptions {
  owner: string
  /** spawn timestamp/height: the origin of cron schedules */
  spawnTimestamp: number
  spawnHeight: number
  /** spawn tags; `Cron-Interval`/`Cron-Tag-*` are read from them */
  tags?: AoMessage['Tags']
  /** the nonce of the last message the process has already seen (spawn = 0) */
  nonce?: number
  module?: string
}

/** What observers see after each evaluation. */
export interface Evaluation {
  process: string
  message: AoMessage
  result: HandleResult
  /** time the message was evaluated (= message Timestamp) */
  at: number
}

/**
 * A stream of messages from outside the world (wallets, a recorded log), pulled lazily one at a time; a message may
 * come unbuilt (`UnbuiltMessage`: the record cache), and is then built only if its delivery needs it.
 */
export type ExternalSource = AsyncIterator<SourceMessage> | Iterator<SourceMessage>

export type Item =
  | { kind: 'message'; message: AoMessage }
  | { kind: 'cron'; process: string }
  | { kind: 'source'; source: ExternalSource; message: SourceMessage }
  /** a pushed message counted but not built (fast path): to `target`, or outside the world when undefined */
  | { kind: 'quiet'; target: Entry | undefined }
  /** a pushed token transfer not built yet (fast path): applied directly, or built and evaluated on delivery */
  | {
      kind: 'direct'
      target: Entry
      sender: Entry
      /** the message whose evaluation sent it, its sender's evaluation count then, its outbox index */
      cause: SourceMessage
      evaluations: number
      index: number
      /** the block height it was given when it was sent */
      height: number
      send: DirectSend & { transfer: { recipient: string; quantity: bigint } }
    }

export interface Entry {
  proc: AoProcessLike
  owner: string
  spawnTimestamp: number
  spawnHeight: number
  crons: Cron[]
  nonce: number
  module?: string
  /** last cron instant generated, to continue the schedule */
  cronAfter: { ms: number; height: number }
  evaluations: number
  errors: number
  /** its quiet-delivery queue item, made once (it holds nothing but the target) */
  quiet?: Item
}
