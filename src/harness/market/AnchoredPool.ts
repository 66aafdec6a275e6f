import type { AoMessage, AoProcessLike, HandleResult } from '../../ao/message.ts'
import type { PoolAdapter } from './PoolAdapter.ts'

/**
 * Market mode *anchored*: the pool follows the recorded history and the agent only borrows it. Recorded messages are
 * evaluated on a shadow pool that never sees the agent (its outputs go to recorded wallets and are counted, not
 * delivered); before each other message (the agent's swaps and queries) the live pool's reserves are set to the
 * shadow's, so the agent's fill takes price impact at that moment but does not change what happens next.
 */
export class AnchoredPool implements AoProcessLike {
  readonly id: string
  /** outbox messages of recorded traffic that were not delivered (they pay recorded wallets) */
  suppressed = 0
  constructor(
    readonly live: PoolAdapter,
    readonly shadow: PoolAdapter,
    private readonly isRecorded: (m: AoMessage) => boolean,
  ) {
    this.id = live.process.id
  }

  async handle(msg: AoMessage): Promise<HandleResult> {
    if (this.isRecorded(msg)) {
      const r = await this.shadow.process.handle(msg)
      this.suppressed += r.Messages.length
      return { ...r, Messages: [] }
    }
    const at = { timestamp: msg.Timestamp, blockHeight: msg['Block-Height'] }
    await this.live.setReserves(await this.shadow.reserves(at), at)
    return this.live.process.handle(msg)
  }
}
