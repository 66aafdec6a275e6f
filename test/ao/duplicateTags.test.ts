import { describe, expect, it } from 'vitest'
import { AosProcess } from '../../src/ao/AosProcess.ts'
import { makeId } from '../../src/ao/ids.ts'
import type { AoMessage } from '../../src/ao/message.ts'
import { viewMessage } from '../../src/engine/runtime/view.ts'
import { toModelMessage } from '../../src/models/ModelProcess.ts'

const OWNER = makeId('owner')
const PID = makeId('dup-process')

/**
 * Which of two duplicate tags aos shows, measured on the production module: at the message root (`msg.Foo`) the
 * last one wins, in `msg.Tags` (aos's Tab) the first one does — also when the two names only normalize to the same
 * name. The agent view (root) and the model view (Tags) follow each rule; a single src/ao module owning both is
 * issue 9 item 8.
 */
describe('duplicate tags on aos', () => {
  it('root: last wins; msg.Tags: first wins; afk views agree with the rule they model', async () => {
    const { process: p } = await AosProcess.spawn({
      id: PID,
      owner: OWNER,
      timestamp: 1_700_000_000_000,
      blockHeight: 1,
    })
    await p.eval(
      `Handlers.add('d', 'Dup', function(m)
         m.reply({ Data = table.concat({ m.Foo, m.Tags.Foo, m['X-Y'], m.Tags['X-Y'] }, '|') })
       end)`,
      { id: makeId('eval'), timestamp: 1_700_000_000_500, blockHeight: 1 },
    )
    const m: AoMessage = {
      Id: makeId('m1'),
      Owner: OWNER,
      From: OWNER,
      Target: PID,
      Data: '',
      Tags: [
        { name: 'Action', value: 'Dup' },
        { name: 'Foo', value: 'first' },
        { name: 'Foo', value: 'second' },
        { name: 'X-Y', value: 'a' },
        { name: 'x_y', value: 'b' },
      ],
      Timestamp: 1_700_000_001_000,
      'Block-Height': 2,
      Cron: false,
    }
    const r = await p.handle(m)
    expect(r.Messages[0].Data).toBe('second|first|b|a')
    const root = viewMessage(m)
    expect([root.Foo, root['X-Y']]).toEqual(['second', 'b'])
    const tags = toModelMessage(m)
    expect([tags.get('Foo'), tags.get('X-Y')]).toEqual(['first', 'a'])
  })
})
