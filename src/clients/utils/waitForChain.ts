import { wallClock } from '../../ao/wallClock.ts'
import { MessageTimeoutError, type RequestContext } from '../../errors/client.ts'
import type { Client } from '../createClient.ts'
import type { ChainMessage } from '../transports/createTransport.ts'

/**
 * Polls the messages caused by `ctx.messageId` (`Pushed-For`) that were sent to the client's address until `match`
 * returns a value. Messages already seen are offered once. Throws `MessageTimeoutError` after `timeoutMs` of wall
 * time or `maxPolls` polls (the simulator's clock is virtual).
 */
export async function waitForChain<T>(
  client: Client,
  p: {
    ctx: RequestContext & { messageId: string }
    match: (m: ChainMessage) => T | undefined
    waitingFor: string
    timeoutMs?: number
    maxPolls?: number
  },
): Promise<T> {
  const timeoutMs = p.timeoutMs ?? client.timeoutMs
  const maxPolls = p.maxPolls ?? 2000
  const deadline = wallClock() + timeoutMs
  const seen = new Set<string>()
  for (let polls = 0; ; polls++) {
    for (const m of await client.transport.pushedFor({
      message: p.ctx.messageId,
      recipient: client.signer.address,
    })) {
      if (seen.has(m.id)) continue
      seen.add(m.id)
      const v = p.match(m)
      if (v !== undefined) return v
    }
    if (wallClock() > deadline || polls >= maxPolls)
      throw new MessageTimeoutError({ ...p.ctx, timeoutMs, waitingFor: p.waitingFor })
    await client.transport.wait()
  }
}
