import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeId } from '../../src/ao/ids.ts'
import { createClient, jwkSigner } from '../../src/clients/createClient.ts'
import { dexActions } from '../../src/clients/decorators/dex.ts'
import { devnet } from '../../src/clients/transports/devnet.ts'
import { type Devnet, startDevnet } from '../../src/devnet/startDevnet.ts'
import { openLog } from '../../src/harness/log/openLog.ts'
import { recordLog } from '../../src/harness/record/recordLog.ts'
import { spawnFromLog } from '../../src/harness/world/spawnFromLog.ts'

/**
 * The real path end to end: traffic on the loopback devnet, `afk record` from its SU, then the recorded log replayed
 * on a fresh aos instance built only from the recorded spawn item (the pool boots from its spawn data, `On-Boot=Data`,
 * so no source is supplied). The replayed pool must end with the devnet pool's reserves.
 */
describe('record on the devnet, replay offline', () => {
  let net: Devnet
  let client: ReturnType<typeof makeClient>
  let refund: Awaited<ReturnType<ReturnType<typeof makeClient>['swap']>>
  const makeClient = (n: Devnet) =>
    createClient({ transport: devnet(n), signer: jwkSigner(n.wallets.alice.jwk) }).extend(dexActions)
  beforeAll(async () => {
    net = await startDevnet({ port: 0, seed: true, onWarning: () => {} })
    const { a, b } = net.processes.tokens!
    await net.faucet(net.wallets.alice.address, a, 10n ** 15n)
    await net.faucet(net.wallets.alice.address, b, 10n ** 15n)
    client = makeClient(net)
    for (let i = 0; i < 4; i++)
      await client.swap({
        pool: net.processes.pool!,
        tokenIn: i % 2 ? b : a,
        amountIn: 10n ** 12n * BigInt(i + 1),
        minAmountOut: 1n,
      })
    // one that must be refunded: min-output far above what the pool can give
    refund = await client.swap({
      pool: net.processes.pool!,
      tokenIn: a,
      amountIn: 10n ** 12n,
      minAmountOut: 10n ** 30n,
    })
  })
  afterAll(async () => net?.stop())

  it('the swap below the minimum output was refunded (so the log holds a refund)', () => {
    expect(refund.status).toBe('refunded')
    expect(refund.amountOut).toBe(0n)
    expect(refund.reason).toBeTruthy()
  })

  it('reproduces the devnet pool state exactly', async () => {
    const pool = net.processes.pool!
    const { a, b } = net.processes.tokens!
    const out = join(mkdtempSync(join(tmpdir(), 'afk-dvr-')), 'pool.ndjson')
    const rec = await recordLog({ processId: pool, su: net.urls.su, out, fromNonce: -1 })
    expect(rec.written).toBeGreaterThan(6)
    const log = await openLog(out)
    const replica = await spawnFromLog({ header: log.header })
    let n = 0
    for await (const r of log.records()) {
      if (r.spawn) continue
      const res = await replica.handle(r.message)
      expect(res.Error, `nonce ${r.facts.nonce}`).toBeUndefined()
      n++
    }
    expect(n).toBe(rec.written - 1)
    const got = await replica.eval(`return Reserves['${a}'] .. ',' .. Reserves['${b}']`, {
      id: makeId('q'),
      timestamp: Date.now(),
      blockHeight: 1,
    })
    const want = await client.getReserves({ pool })
    const byToken = want.tokenA === a ? [want.reserveA, want.reserveB] : [want.reserveB, want.reserveA]
    expect(got).toBe(byToken.map(String).join(','))
  })
})
