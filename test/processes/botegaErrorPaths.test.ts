import { describe, expect, it } from 'vitest'
import { makeId } from '../../src/ao/ids.ts'
import type { AoProcessLike, HandleResult } from '../../src/ao/message.ts'
import { createReferenceModel } from '../../src/models/createReferenceModel.ts'
import { spawnReferenceProcess } from '../../src/processes/referenceProcess.ts'
import { comparableMessages, messageFactory } from './fixtures.ts'

const OWNER = makeId('errpath-owner')
const USER = makeId('errpath-user')
const A = makeId('errpath-a')
const B = makeId('errpath-b')
const POOL = makeId('errpath-pool')
const tags = { 'Token-A': A, 'Token-B': B, 'Fee-Bps': '25' }

/**
 * dex-protocols.md §2.1.5b, the real Botega pool's Get-Swap-Output error paths, on our Lua pool (aos) and its TS
 * model alike: an unknown token is answered with ao.send (no X-Reference, Reply-To ignored), a malformed request
 * gets no reply at all, and an empty pool quotes Output = 0.
 */
describe('reference Botega pool: Get-Swap-Output error paths match the real pool (Lua on aos and TS model)', () => {
  const run = async (name: string, pool: AoProcessLike) => {
    const f = messageFactory(`errpath-${name}`)
    const ask = (t: Record<string, string>) =>
      pool.handle(f.wallet(USER, POOL, { Action: 'Get-Swap-Output', Swapper: USER, 'Reply-To': OWNER, ...t }))
    const out: Record<string, HandleResult> = {
      unknownToken: await ask({ Token: 'nope', Quantity: '1', 'X-Reference': '7' }),
      malformed: await ask({ Token: A, Quantity: 'abc' }),
      noSwapper: await pool.handle(
        f.wallet(USER, POOL, { Action: 'Get-Swap-Output', Token: A, Quantity: '5' }),
      ),
      empty: await ask({ Token: A, Quantity: '1000', 'X-Reference': '8' }),
    }
    return out
  }

  it('answers alike on both', async () => {
    const base = { owner: OWNER, timestamp: 1_700_000_000_000, blockHeight: 1000 }
    const lua = await run('lua', await spawnReferenceProcess('botega_pool', { ...base, id: POOL, tags }))
    const ts = await run('ts', createReferenceModel('botega_pool', { id: POOL, owner: OWNER, tags }))
    for (const r of [lua, ts]) {
      const [unknown] = r.unknownToken.Messages
      expect(unknown.Target).toBe(USER) // not Reply-To
      expect(comparableMessages([unknown])[0].Tags).toEqual([
        'Action=Get-Swap-Output-Error',
        'Error=Unknown token',
        'Status=Error',
      ])
      expect(r.malformed.Messages).toEqual([])
      expect(r.malformed.Error).toBeDefined()
      expect(r.noSwapper.Messages).toEqual([])
      const [empty] = r.empty.Messages
      expect(empty.Target).toBe(OWNER)
      expect(comparableMessages([empty])[0].Tags).toContain('Output=0')
      expect(comparableMessages([empty])[0].Tags).toContain('X-Reference=8')
    }
    expect(comparableMessages(lua.empty.Messages)).toEqual(comparableMessages(ts.empty.Messages))
    expect(comparableMessages(lua.unknownToken.Messages)).toEqual(
      comparableMessages(ts.unknownToken.Messages),
    )
  })
})
