import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createClient, jwkSigner } from '../../src/clients/createClient.ts'
import { dexActions } from '../../src/clients/decorators/dex.ts'
import { devnet } from '../../src/clients/transports/devnet.ts'
import { type Devnet, startDevnet } from '../../src/devnet/startDevnet.ts'
import { recordLog } from '../../src/harness/record/recordLog.ts'
import { testWallets } from './testWallets.ts'

describe('the harness recorder reads the devnet SU like a real one', () => {
  let net: Devnet
  beforeAll(async () => {
    net = await startDevnet({ port: 0, wallets: await testWallets(), seed: true, onWarning: () => {} })
    await net.faucet(net.wallets.alice.address, net.processes.tokens!.a, 10n ** 14n)
    const c = createClient({ transport: devnet(net), signer: jwkSigner(net.wallets.alice.jwk) }).extend(
      dexActions,
    )
    for (let i = 0; i < 3; i++)
      await c.swap({
        pool: net.processes.pool!,
        tokenIn: net.processes.tokens!.a,
        amountIn: 10n ** 12n,
        minAmountOut: 1n,
      })
  })
  afterAll(async () => net?.stop())

  it('records the pool log with nonce paging, hash chain verified, resumable', async () => {
    const pool = net.processes.pool!
    const out = join(mkdtempSync(join(tmpdir(), 'afk-rec-')), 'pool.ndjson')
    const r = await recordLog({ processId: pool, su: net.urls.su, out, fromNonce: -1, pageSize: 4 })
    const total = net.node.su.latest(pool)!.nonce + 1
    expect(r).toMatchObject({ written: total, lastNonce: total - 1, timestampPaging: false })
    expect(readFileSync(out, 'utf8').trim().split('\n').length).toBeGreaterThanOrEqual(total)
    const again = await recordLog({ processId: pool, su: net.urls.su, out })
    expect(again.written).toBe(0)
  })
})
