import { aoconnect } from './aoconnect.ts'
import type { Transport } from './createTransport.ts'

/**
 * aoconnect (legacy mode) pointed at a local devnet's loopback URLs: real HTTP, real signed data items.
 *
 * @example
 * const net = await startDevnet({ seed: true })
 * const client = createClient({ transport: devnet(net), account: jwkAccount(net.wallets.alice.jwk) })
 */
export function devnet(
  net: { urls: { mu: string; cu: string; gateway: string } },
  o: { pollMs?: number } = {},
): Transport {
  const t = aoconnect({
    mode: 'legacy',
    MU_URL: net.urls.mu,
    CU_URL: net.urls.cu,
    GATEWAY_URL: net.urls.gateway,
    pollMs: o.pollMs ?? 25,
  })
  return Object.freeze({ ...t, name: 'devnet' })
}
