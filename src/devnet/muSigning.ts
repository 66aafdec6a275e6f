import type { webcrypto } from 'node:crypto'
import type { OutboxMessage, Tag } from '../ao/message.ts'
import { createDataItem, type DataItem } from './ans104.ts'

type JsonWebKey = webcrypto.JsonWebKey

/** Tags the MU sets itself when it pushes an outbox message (sender-provided copies are removed, as on legacynet). */
const MU_TAGS = new Set(['Data-Protocol', 'Type', 'From-Process', 'From-Module', 'Pushed-For'])

/** The tags the MU adds to everything a process sends. */
export function muStamp(from: string, fromModule: string, pushedFor: string | undefined): Tag[] {
  return [
    { name: 'Data-Protocol', value: 'ao' },
    { name: 'Type', value: 'Message' },
    { name: 'From-Process', value: from },
    { name: 'From-Module', value: fromModule },
    ...(pushedFor ? [{ name: 'Pushed-For', value: pushedFor }] : []),
  ]
}

/** An outbox message as the MU signs and forwards it. Throws `InvalidDataItemError` for a target that is not an id. */
export function signOutboxMessage(mu: JsonWebKey, out: OutboxMessage, stamp: Tag[]): DataItem {
  return createDataItem(mu, {
    target: out.Target,
    anchor: out.Anchor,
    tags: [...out.Tags.filter((t) => !MU_TAGS.has(t.name)), ...stamp],
    data: out.Data ?? '',
  })
}

/** An outbox spawn as the MU signs it: `Type=Process`, `From-Process` = parent, data defaults to `NODATA`. */
export function signSpawn(mu: JsonWebKey, sp: OutboxMessage, stamp: Tag[]): DataItem {
  const tags = [
    ...sp.Tags.filter((t) => !MU_TAGS.has(t.name)),
    ...stamp.map((t) => (t.name === 'Type' ? { name: 'Type', value: 'Process' } : t)),
  ]
  return createDataItem(mu, { anchor: sp.Anchor, tags, data: sp.Data || 'NODATA' })
}

/** The MU's notice to a parent after a spawn (aos `Spawn(...).onReply` matches Action=Spawned, From=parent, Reference). */
export function signSpawnedNotice(
  mu: JsonWebKey,
  parent: string,
  child: string,
  reference: string | undefined,
): DataItem {
  return createDataItem(mu, {
    target: parent,
    tags: [
      { name: 'Data-Protocol', value: 'ao' },
      { name: 'Variant', value: 'ao.TN.1' },
      { name: 'Type', value: 'Message' },
      { name: 'Action', value: 'Spawned' },
      { name: 'AO-Spawn-Success', value: child },
      { name: 'Process', value: child },
      ...(reference ? [{ name: 'Reference', value: reference }] : []),
      { name: 'From-Process', value: parent },
    ],
    data: child,
  })
}

/** Protocol tags aoconnect would add to a wallet message (`Data-Protocol`, `Variant`, `Type`). */
export function withProtocolTags(tags: Tag[], type: string): Tag[] {
  const out = tags.filter((t) => !['Data-Protocol', 'Variant', 'Type'].includes(t.name))
  return [
    ...out,
    { name: 'Data-Protocol', value: 'ao' },
    { name: 'Variant', value: 'ao.TN.1' },
    { name: 'Type', value: type },
  ]
}
