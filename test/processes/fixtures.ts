import { LEGACY_AUTHORITY } from '../../src/ao/constants.ts'
import { makeId } from '../../src/ao/ids.ts'
import type { AoMessage, OutboxMessage, Tag } from '../../src/ao/message.ts'
import { pushedMessage } from '../../src/ao/message.ts'

/** Builds messages for reference-process tests with deterministic ids and a monotonic clock. */
export function messageFactory(seed: string, t0 = 1_700_000_000_000) {
  let n = 0
  const toTags = (tags: Tag[] | Record<string, string>): Tag[] =>
    Array.isArray(tags) ? tags : Object.entries(tags).map(([name, value]) => ({ name, value }))
  return {
    now: () => t0 + n * 1000,
    /** Moves the clock forward by whole seconds (message timestamps advance 1 s per message). */
    advance(seconds: number) {
      n += seconds
    },
    /** A wallet-signed message (From = Owner). */
    wallet(from: string, target: string, tags: Tag[] | Record<string, string>, data = ''): AoMessage {
      n++
      return {
        Id: makeId(`${seed}:${n}`),
        Owner: from,
        From: from,
        Target: target,
        Data: data,
        Tags: toTags(tags),
        Timestamp: t0 + n * 1000,
        'Block-Height': 1000 + n,
        Cron: false,
      }
    },
    /** An outbox message pushed by the MU from process `from`. */
    pushed(from: string, out: OutboxMessage, pushedFor?: string): AoMessage {
      n++
      return pushedMessage(out, {
        from,
        mu: LEGACY_AUTHORITY,
        id: makeId(`${seed}:${n}`),
        timestamp: t0 + n * 1000,
        blockHeight: 1000 + n,
        pushedFor,
      })
    },
  }
}

/** Tags minus aos bookkeeping, sorted, as `name=value` strings: what model/Lua comparisons look at. */
export function comparableTags(tags: Tag[]): string[] {
  const skip = new Set(['Data-Protocol', 'Variant', 'Type', 'Reference'])
  return tags
    .filter((t) => !skip.has(t.name))
    .map((t) => `${t.name}=${t.value}`)
    .sort()
}

export function comparableMessages(msgs: OutboxMessage[]): Array<{ Target: string; Tags: string[] }> {
  return msgs.map((m) => ({ Target: m.Target, Tags: comparableTags(m.Tags) }))
}

export function tagOf(m: { Tags: Tag[] }, name: string): string | undefined {
  return m.Tags.find((t) => t.name === name)?.value
}

import type { AoProcessLike } from '../../src/ao/message.ts'

export interface Delivery {
  from: string
  message: AoMessage
  result?: Awaited<ReturnType<AoProcessLike['handle']>>
}

/**
 * A minimal in-test message router: evaluates a wallet message, then pushes every outbox message to its target
 * process (FIFO, with `Pushed-For` = the original message id) until the queue is empty. Messages to targets that are
 * not processes (wallets) are collected in `inbox`. Test-only; the real devnet lives elsewhere.
 */
export function createRouter(f: ReturnType<typeof messageFactory>) {
  const processes = new Map<string, AoProcessLike>()
  const inbox: Array<{ from: string; message: OutboxMessage }> = []
  const errors: Array<{ process: string; error: string; message: AoMessage }> = []
  return {
    processes,
    inbox,
    errors,
    add(p: AoProcessLike) {
      processes.set(p.id, p)
    },
    async send(first: AoMessage): Promise<Delivery[]> {
      const log: Delivery[] = []
      const root = first.Id
      const queue: Array<{ from: string; message: AoMessage }> = [{ from: first.From, message: first }]
      while (queue.length) {
        const { from, message } = queue.shift()!
        const p = processes.get(message.Target)
        if (!p) throw new Error(`no process ${message.Target}`)
        const result = await p.handle(message)
        log.push({ from, message, result })
        if (result.Error !== undefined) errors.push({ process: p.id, error: result.Error, message })
        for (const out of result.Messages) {
          if (processes.has(out.Target)) queue.push({ from: p.id, message: f.pushed(p.id, out, root) })
          else inbox.push({ from: p.id, message: out })
        }
      }
      return log
    },
  }
}
