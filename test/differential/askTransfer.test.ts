import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { makeId } from '../../src/ao/ids.ts'
import { DualEngine } from '../../src/engine/DualEngine.ts'
import { defineStrategy } from '../../src/strategy/defineStrategy.ts'
import { processId } from '../../src/strategy/params.ts'
import { createPair } from '../utils/pair.ts'

const ids = { base: makeId('token:base'), quote: makeId('token:quote'), pool: makeId('pool') }

/** An ask whose action comes from a param: the runtime, not only the compiler, must refuse Transfer. */
const asker = defineStrategy({
  id: 'ask-transfer',
  params: z.object({ base: processId(), quote: processId(), pool: processId(), act: z.string() }),
  tokens: ['base', 'quote'],
  cron: { interval: '10-minutes', tags: { Action: 'Cron' } },
  replies: { any: z.object({ Note: z.string().max(8) }) },
  context: { asked: 0n },
  machine: (x) => ({
    initial: 'idle',
    states: {
      idle: {
        on: {
          tick: {
            actions: [
              x.assign({ asked: x.add(x.c.asked, 1) }),
              x.ask({
                reply: 'any',
                process: x.p.quote,
                action: x.p.act,
                tags: { Recipient: x.p.pool, Quantity: '1' },
                timeoutMs: 1000,
              }),
            ],
          },
          'reply.any.timeout': 'idle',
        },
      },
    },
  }),
})

describe('ask() never sends a token Transfer (it is not skipped while halted)', () => {
  it('both engines refuse it with the same Agent-Error and send nothing; another action goes out', async () => {
    for (const [act, refused] of [
      ['Transfer', true],
      ['Info', false],
    ] as const) {
      const pair = await createPair(asker, { ...ids, act }, ids)
      const { ts, lua, stim } = pair.fresh()
      const dual = new DualEngine(ts, lua)
      const r = await dual.handle(stim.tick())
      const errors = r.Messages.filter((m) =>
        m.Tags.some((t) => t.name === 'Action' && t.value === 'Agent-Error'),
      )
      const toToken = r.Messages.filter((m) => m.Target === ids.quote)
      if (refused) {
        expect(errors).toHaveLength(1)
        expect(errors[0].Tags.find((t) => t.name === 'Error')?.value).toContain('ask() cannot send Transfer')
        expect(toToken).toEqual([])
        // rolled back: the assign before the refused ask did not happen
        expect(ts.runtime.state.context.asked).toBe(0n)
      } else {
        expect(errors).toEqual([])
        expect(toToken).toHaveLength(1)
      }
    }
  })
})
