import { stripAnsi } from '../ao/AosProcess.ts'
import { AOS_MODULE_ID, LEGACY_SCHEDULER } from '../ao/constants.ts'
import type { Tag } from '../ao/message.ts'
import { BaseError } from '../errors/BaseError.ts'
import type { DevnetNode } from './DevnetNode.ts'
import type { DevnetWallet } from './wallets.ts'

export class DevnetSpawnError extends BaseError {
  override name = 'DevnetSpawnError'
}

/**
 * Spawns an aos process on the devnet from `wallet` with `lua` as its boot code (`On-Boot=Data`), trusting the devnet
 * MU (`Authority`), and waits until the spawn message was evaluated. Throws if the boot code failed.
 */
export async function spawnProcess(
  node: DevnetNode,
  wallet: DevnetWallet,
  p: { name: string; lua: string; tags?: Tag[] },
): Promise<string> {
  const { id } = node.send(wallet.jwk, {
    tags: [
      { name: 'Data-Protocol', value: 'ao' },
      { name: 'Variant', value: 'ao.TN.1' },
      { name: 'Type', value: 'Process' },
      { name: 'Module', value: AOS_MODULE_ID },
      { name: 'Scheduler', value: LEGACY_SCHEDULER },
      { name: 'Authority', value: node.muAddress },
      { name: 'Name', value: p.name },
      { name: 'On-Boot', value: 'Data' },
      ...(p.tags ?? []),
    ],
    data: p.lua,
  })
  const r = await node.result(id, id)
  if (r.Error !== undefined)
    throw new DevnetSpawnError(`Seeding ${p.name} failed: its boot code raised an error.`, {
      details: stripAnsi(String(r.Error)).slice(0, 2000),
      metaMessages: [`process: ${id}`],
    })
  return id
}
