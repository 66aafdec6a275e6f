import type { DevnetNode } from './DevnetNode.ts'
import type { DevnetWallets } from './wallets.ts'

/** Process ids the devnet seeded. */
export interface SeededProcesses {
  tokens?: { a: string; b: string }
  factory?: string
  pool?: string
  permaswap?: { pool: string; settle: string }
}

/** Spawns and funds the reference processes. */
export async function seedDevnet(_node: DevnetNode, _wallets: DevnetWallets): Promise<SeededProcesses> {
  return {}
}

/** Mints `amount` of `token` to `to` from the operator (the token owner). Resolves to the Mint id once evaluated. */
export async function faucet(node: DevnetNode, wallets: DevnetWallets, token: string, to: string, amount: bigint): Promise<string> {
  const { id } = node.send(wallets.operator.jwk, {
    target: token,
    tags: [
      { name: 'Action', value: 'Mint' },
      { name: 'Quantity', value: amount.toString() },
      { name: 'Recipient', value: to },
    ],
  })
  await node.result(token, id)
  await node.idle()
  return id
}
