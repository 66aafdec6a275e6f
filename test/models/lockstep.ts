import { expect } from 'vitest'
import type { AosProcess } from '../../src/ao/AosProcess.ts'
import type { AoMessage, AoProcessLike, HandleResult } from '../../src/ao/message.ts'
import { comparableMessages, type messageFactory } from '../processes/fixtures.ts'

export function comparable(r: HandleResult) {
  return {
    error: r.Error !== undefined,
    messages: comparableMessages(r.Messages).map((m, i) => ({ ...m, Data: r.Messages[i].Data ?? '' })),
  }
}

/**
 * Runs a message and everything it causes on the Lua processes, evaluating each message on the model of the same
 * process too and requiring the same outbox (targets, tags, Data) and the same error/no-error outcome.
 * `skipLua(msg)` marks messages the Lua process would only file in its Inbox: only the model runs, and it must agree
 * that nothing happens.
 */
export function createLockstep(p: {
  lua: Map<string, AosProcess>
  models: Map<string, AoProcessLike>
  f: ReturnType<typeof messageFactory>
  skipLua?: (msg: AoMessage) => boolean
  onOutbox?: (out: HandleResult['Messages'][number]) => void
}) {
  const stats = { messages: 0, errors: 0 }
  async function deliver(first: AoMessage): Promise<void> {
    const queue: AoMessage[] = [first]
    while (queue.length) {
      const msg = queue.shift()!
      const proc = p.lua.get(msg.Target)!
      const model = p.models.get(msg.Target)!
      if (p.skipLua?.(msg)) {
        expect(comparable(await model.handle(msg))).toEqual({ error: false, messages: [] })
        continue
      }
      const expected = await proc.handle(msg)
      const actual = await model.handle(msg)
      stats.messages++
      if (expected.Error !== undefined) {
        stats.errors++
        if (actual.Error === undefined || !expected.Error.includes(actual.Error))
          expect.fail(
            `model ${msg.Target} error mismatch on ${JSON.stringify(msg.Tags)}\nlua: ${expected.Error}\nmodel: ${actual.Error}`,
          )
      }
      expect(comparable(actual), `outbox of ${msg.Target} for ${JSON.stringify(msg.Tags)}`).toEqual(
        comparable(expected),
      )
      for (const out of expected.Messages) {
        p.onOutbox?.(out)
        if (p.lua.has(out.Target)) queue.push(p.f.pushed(proc.id, out, first.Id))
      }
    }
  }
  return { deliver, stats }
}
