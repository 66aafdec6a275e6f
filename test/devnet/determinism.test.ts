import { describe, expect, it } from 'vitest'
import { startDevnet } from '../../src/devnet/startDevnet.ts'
import { generateWallets } from '../../src/devnet/wallets.ts'
import { DuplicateDataItemError } from '../../src/errors/devnet.ts'

describe('devnet determinism', () => {
  it('the same wallets and a manual clock give byte-identical seeded SU logs (ids, hash chains, timestamps)', async () => {
    const wallets = await generateWallets()
    const logs: string[] = []
    const ids: unknown[] = []
    for (let run = 0; run < 2; run++) {
      const net = await startDevnet({
        port: 0,
        seed: true,
        wallets,
        clock: { mode: 'manual', start: 1_800_000_000_000 },
        onWarning: () => {},
      })
      try {
        ids.push(net.processes)
        const pages = await Promise.all(
          [net.processes.pool!, net.processes.tokens!.a, net.processes.factory!].map(async (p) =>
            (await fetch(`${net.urls.su}/${p}?from-nonce=-1&limit=1000`)).text(),
          ),
        )
        logs.push(pages.join('\n'))
        // posting the same signed item twice is refused, like the real MU/SU
        const spawn = net.node.su.spawnOf(net.processes.pool!)!.message
        expect(() => net.node.post(spawn.raw)).toThrowError(DuplicateDataItemError)
      } finally {
        await net.stop()
      }
    }
    expect(ids[1]).toEqual(ids[0])
    expect(logs[1]).toBe(logs[0])
    expect(logs[0]).toContain('"Hash-Chain"')
  })
})
