import { describe, expect, it } from 'vitest'
import { makeId } from '../../src/ao/ids.ts'
import { normalizeTagName } from '../../src/ao/normalize.ts'
import { probeProcess } from './probeProcess.ts'

const PID = makeId('norm-process')

/**
 * aos lower-cases tag names with Lua's `string.lower`, byte by byte in the C locale: only ASCII letters change. A
 * name holding the Kelvin sign (U+212A, which JavaScript lower-cases to `k`), `İ` or `Ä` must normalize to the name
 * aos puts on the message root, or a hostile tag reads differently in the TS engine and models than on aos.
 */
describe('tag-name normalization of non-ASCII names', () => {
  it('normalizeTagName gives the root key aos uses', async () => {
    const { process: p, message } = await probeProcess(
      PID,
      `Handlers.add('n', 'Norm', function(m)
         local out = {}
         for name in string.gmatch(m.Data, '[^\\n]+') do out[#out + 1] = m[name] or '-' end
         m.reply({ Data = table.concat(out, '|') })
       end)`,
    )
    const names = ['\u212A-x', 'İd_y', 'ÄBC-def', 'straSSe', 'ÉTÉ', 'plain_name']
    const m = message(
      [{ name: 'Action', value: 'Norm' }, ...names.map((name, i) => ({ name, value: `v${i}` }))],
      names.map(normalizeTagName).join('\n'),
    )
    const r = await p.handle(m)
    expect(r.Messages[0].Data).toBe(names.map((_, i) => `v${i}`).join('|'))
    expect(normalizeTagName('\u212A-x')).toBe('\u212A-X')
    expect(normalizeTagName('plain_name')).toBe('Plain-Name')
  })
})
