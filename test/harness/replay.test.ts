import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { makeId } from '../../src/ao/ids.ts'
import { openLog } from '../../src/harness/log/openLog.ts'
import { synthPoolLog } from '../../src/harness/synth/synthPoolLog.ts'
import { spawnFromLog } from '../../src/harness/world/spawnFromLog.ts'
import { loadProcessSource } from '../../src/processes/referenceProcess.ts'

const dir = mkdtempSync(join(tmpdir(), 'afk-replay-'))

describe('replaying a pool log through the reference Botega pool on aos', () => {
  it('reproduces every recorded reserve state exactly (swaps, refunds, provides, burns)', async () => {
    const file = join(dir, 'pool.ndjson')
    const s = await synthPoolLog({ seed: 'replay-test', events: 400, out: file })
    expect(s.swaps).toBeGreaterThan(300)
    expect(s.refunds).toBeGreaterThan(0)
    expect(s.liquidityEvents).toBeGreaterThan(2)
    const log = await openLog(file)
    const pool = await spawnFromLog({ header: log.header, source: loadProcessSource('botega_pool') })
    let checked = 0
    let errors = 0
    for await (const r of log.records()) {
      if (r.spawn) continue
      const res = await pool.handle(r.message)
      if (res.Error) errors++
      const want = r.node.afk?.reserves
      if (!want) continue
      const got = await pool.eval(`return Reserves['${s.base}'] .. ',' .. Reserves['${s.quote}']`, {
        id: makeId(`q${r.facts.nonce}`),
        timestamp: r.message.Timestamp,
        blockHeight: r.message['Block-Height'],
      })
      expect(`line ${r.location.line}: ${got}`).toBe(
        `line ${r.location.line}: ${want[s.base]},${want[s.quote]}`,
      )
      checked++
    }
    expect(errors).toBe(0)
    expect(checked).toBe(400)
  })
})
