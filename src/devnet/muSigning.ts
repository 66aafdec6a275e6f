import type { webcrypto } from 'node:crypto'
import { createDataItem, type DataItem } from '../ao/ans104.ts'
import { muStampTags, type OutboxMessage, type Tag } from '../ao/message.ts'

type JsonWebKey = webcrypto.JsonWebKey

/** Who pushes an outbox: the sender process, its module and the user message that started the chain. */
export interface MuStamp {
  from: string
  fromModule: string
  pushedFor: string | undefined
}

/** The stamp the MU puts on everything `from` sends (see `muStampTags`). */
export function muStamp(from: string, fromModule: string, pushedFor: string | undefined): MuStamp {
  return { from, fromModule, pushedFor }
}

/** An outbox message as the MU signs and forwards it. Throws `InvalidDataItemError` for a target that is not an id. */
export function signOutboxMessage(mu: JsonWebKey, out: OutboxMessage, stamp: MuStamp): DataItem {
  return createDataItem(mu, {
    target: out.Target,
    anchor: out.Anchor,
    tags: muStampTags(out.Tags, stamp),
    data: out.Data ?? '',
  })
}

/** An outbox spawn as the MU signs it: `Type=Process`, `From-Process` = parent, data defaults to `NODATA`. */
export function signSpawn(mu: JsonWebKey, sp: OutboxMessage, stamp: MuStamp): DataItem {
  const tags = muStampTags(sp.Tags, { ...stamp, type: 'Process' })
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
