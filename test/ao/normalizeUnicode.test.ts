import { describe, expect, it } from 'vitest'
import { AosProcess } from '../../src/ao/AosProcess.ts'
import { makeId } from '../../src/ao/ids.ts'
import type { AoMessage } from '../../src/ao/message.ts'
import { normalizeTagName } from '../../src/ao/normalize.ts'

const OWNER = makeId('owner')
const PID = makeId('norm-process')

/**
 * aos lower-cases tag names with Lua's `string.lower`, byte by byte in the C locale: only ASCII letters change. A
 * name holding the Kelvin sign (U+212A, which JavaScript lower-cases to `k`), `İ` or `Ä` must normalize to the name
 * aos puts on the message root, or a hostile tag reads differently in the TS engine and models than on aos.
 */
describe('tag-name normalization of non-ASCII names', () => {
  it('normalizeTagName gives the root key aos uses', async () => {
    const { process: p } = await AosProcess.spawn({
      id: PID,
      owner: OWNER,
      timestamp: 1_700_000_000_000,
      blockHeight: 1,
    })
    await p.eval(
      `Handlers.add('n', 'Norm', function(m)
         local out = {}
         for name in string.gmatch(m.Data, '[^\\n]+') do out[#out + 1] = m[name] or '-' end
         m.reply({ Data = table.concat(out, '|') })
       end)`,
      { id: makeId('eval'), timestamp: 1_700_000_000_500, blockHeight: 1 },
    )
    const names = ['\u212A-x', 'İd_y', 'ÄBC-def', 'straSSe', 'ÉTÉ', 'plain_name']
    const m: AoMessage = {
      Id: makeId('m1'),
      Owner: OWNER,
      From: OWNER,
      Target: PID,
      Data: names.map(normalizeTagName).join('\n'),
      Tags: [{ name: 'Action', value: 'Norm' }, ...names.map((name, i) => ({ name, value: `v${i}` }))],
      Timestamp: 1_700_000_001_000,
      'Block-Height': 2,
      Cron: false,
    }
    const r = await p.handle(m)
    expect(r.Messages[0].Data).toBe(names.map((_, i) => `v${i}`).join('|'))
    expect(normalizeTagName('\u212A-x')).toBe('\u212A-X')
    expect(normalizeTagName('plain_name')).toBe('Plain-Name')
  })
})
