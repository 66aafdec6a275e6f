import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { tagValue } from '../ao/message.ts'
import { BaseError } from '../errors/BaseError.ts'
import { loadProcessSource, PROCESSES_DIR } from '../processes/referenceProcess.ts'
import type { DevnetNode } from './DevnetNode.ts'
import { spawnProcess } from './spawnProcess.ts'
import type { DevnetWallets } from './wallets.ts'

/** Process ids the devnet seeded. */
export interface SeededProcesses {
  tokens?: { a: string; b: string }
  factory?: string
  /** Botega-compatible pool for tokens a/b. */
  pool?: string
  permaswap?: { pool: string; settle: string }
  /** Reference signal process (`signal.lua`), answering `Get-Signal` for `Asset = tokens.a`. */
  signal?: string
}

/** Seeding parameters (raw units, denomination 12). */
export const SEED = {
  denomination: 12,
  lpFeeBps: 20,
  protocolFeeBps: 5,
  permaswapFeeBps: 30,
  /** Minted to the operator per token. */
  operatorMint: 1_000_000n * 10n ** 12n,
  /** Liquidity the operator provides per token. */
  liquidity: 10_000n * 10n ** 12n,
  /** Signal the seeded signal process gives token A (10,000 bps = neutral 1x). */
  signalBps: 10_000,
} as const

export class DevnetSeedError extends BaseError {
  override name = 'DevnetSeedError'
}

/**
 * Spawns the reference processes with the operator wallet and funds them: two tokens, the Botega factory and a pool
 * registered in it with liquidity from the operator, the Permaswap pool + settle when their Lua exists, and a signal
 * process answering `Get-Signal` for token A.
 */
export async function seedDevnet(node: DevnetNode, w: DevnetWallets): Promise<SeededProcesses> {
  const op = w.operator
  const tokenTags = (ticker: string) => [
    { name: 'Ticker', value: ticker },
    { name: 'Denomination', value: String(SEED.denomination) },
  ]
  const a = await spawnProcess(node, op, {
    name: 'Devnet Token A',
    lua: loadProcessSource('token'),
    tags: tokenTags('DTA'),
  })
  const b = await spawnProcess(node, op, {
    name: 'Devnet Token B',
    lua: loadProcessSource('token'),
    tags: tokenTags('DTB'),
  })
  const factory = await spawnProcess(node, op, {
    name: 'Devnet Botega Factory',
    lua: loadProcessSource('botega_factory'),
  })
  const pool = await spawnProcess(node, op, {
    name: 'Botega LP DTA/DTB',
    lua: loadProcessSource('botega_pool'),
    tags: [
      { name: 'Token-A', value: a },
      { name: 'Token-B', value: b },
      { name: 'Fee-Bps', value: String(SEED.lpFeeBps) },
      { name: 'Protocol-Fee-Bps', value: String(SEED.protocolFeeBps) },
      { name: 'AMM-Factory', value: factory },
    ],
  })
  await call(node, w, factory, {
    Action: 'Register-Pool',
    'Pool-Id': pool,
    'Token-A': a,
    'Token-B': b,
    'Fee-Bps': String(SEED.lpFeeBps + SEED.protocolFeeBps),
  })
  for (const t of [a, b]) await call(node, w, t, { Action: 'Mint', Quantity: String(SEED.operatorMint) })
  for (const t of [a, b])
    await call(node, w, t, {
      Action: 'Transfer',
      Recipient: pool,
      Quantity: String(SEED.liquidity),
      'X-Action': 'Provide',
    })
  const out: SeededProcesses = { tokens: { a, b }, factory, pool }
  if (
    existsSync(join(PROCESSES_DIR, 'permaswap_pool.lua')) &&
    existsSync(join(PROCESSES_DIR, 'permaswap_settle.lua'))
  )
    out.permaswap = await seedPermaswap(node, w, a, b)
  out.signal = await spawnProcess(node, op, { name: 'Devnet Signal', lua: loadProcessSource('signal') })
  await call(node, w, out.signal, { Action: 'Set-Signal', Asset: a, 'Signal-Bps': String(SEED.signalBps) })
  return out
}

async function seedPermaswap(
  node: DevnetNode,
  w: DevnetWallets,
  a: string,
  b: string,
): Promise<{ pool: string; settle: string }> {
  const op = w.operator
  const settle = await spawnProcess(node, op, {
    name: 'Devnet Permaswap Settle',
    lua: loadProcessSource('permaswap_settle'),
  })
  const pool = await spawnProcess(node, op, {
    name: 'Permaswap DTA/DTB',
    lua: loadProcessSource('permaswap_pool'),
    tags: [
      { name: 'X', value: a },
      { name: 'Y', value: b },
      { name: 'Fee', value: String(SEED.permaswapFeeBps) },
      { name: 'Settle', value: settle },
    ],
  })
  // The pool's owner funds its reserves with plain transfers (no X-FFP-For).
  for (const t of [a, b])
    await call(node, w, t, { Action: 'Transfer', Recipient: pool, Quantity: String(SEED.liquidity) })
  return { pool, settle }
}

/** Sends an operator message and waits until it and everything it caused settled; fails on any error result. */
async function call(
  node: DevnetNode,
  w: DevnetWallets,
  target: string,
  tags: Record<string, string>,
): Promise<void> {
  const { id } = node.send(w.operator.jwk, {
    target,
    tags: Object.entries(tags).map(([name, value]) => ({ name, value })),
  })
  const r = await node.result(target, id)
  if (r.Error !== undefined)
    throw new DevnetSeedError(`Seeding step ${tags.Action} on ${target} failed.`, {
      details: String(r.Error).slice(0, 1000),
    })
  const err = r.Messages.find((m) => /-Error$/.test(tagValue(m.Tags, 'Action') ?? ''))
  if (err)
    throw new DevnetSeedError(`Seeding step ${tags.Action} on ${target} was refused.`, {
      details: JSON.stringify(err.Tags),
    })
  await node.idle()
}

/** Mints `amount` of `token` to `to` from the operator (the token owner). Resolves to the Mint id once evaluated. */
export async function faucet(
  node: DevnetNode,
  wallets: DevnetWallets,
  token: string,
  to: string,
  amount: bigint,
): Promise<string> {
  const { id } = node.send(wallets.operator.jwk, {
    target: token,
    tags: [
      { name: 'Action', value: 'Mint' },
      { name: 'Quantity', value: amount.toString() },
      { name: 'Recipient', value: to },
    ],
  })
  const r = await node.result(token, id)
  if (r.Error !== undefined)
    throw new DevnetSeedError(`Faucet mint on ${token} failed.`, { details: String(r.Error).slice(0, 1000) })
  await node.idle()
  return id
}
