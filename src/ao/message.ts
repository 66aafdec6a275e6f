/** The AO message model as the legacy CU hands it to the aos module (`ao-protocol.md` §1.1). */

export type Tag = { name: string; value: string }

/** One evaluated message, in the CU's shape. Timestamps are milliseconds. */
export interface AoMessage {
  Id?: string
  Owner: string
  From: string
  'Forwarded-By'?: string
  Target: string
  Anchor?: string
  Data: string
  Tags: Tag[]
  Epoch?: number
  Nonce?: number
  Timestamp: number
  'Block-Height': number
  'Hash-Chain'?: string
  /** Boolean `true` only on CU-generated cron messages; a sender's `Cron` tag arrives as a string. */
  Cron: boolean
  'Read-Only'?: boolean
  Module?: string
  Signature?: string
}

/** The AoGlobal env passed with every message. */
export interface AoEnv {
  Process: { Id: string; Owner: string; Tags: Tag[] }
  Module: { Id: string; Owner: string; Tags: Tag[] }
}

/** A message a process put in its outbox (no From: the MU adds it when pushing). */
export interface OutboxMessage {
  Target: string
  Anchor?: string
  Tags: Tag[]
  Data: string
}

/** What evaluating one message returns. On `Error` the state was rolled back and no messages are sent. */
export interface HandleResult {
  Messages: OutboxMessage[]
  Spawns: unknown[]
  Assignments: unknown[]
  Output: unknown
  Error?: string
}

/** Anything that can evaluate AO messages: an aos wasm instance, a TS model or a TS agent engine. */
export interface AoProcessLike {
  readonly id: string
  handle(msg: AoMessage): Promise<HandleResult>
}

/**
 * The first tag named exactly `name`, for tags as written (an outbox, a recorded log, a gateway node). How aos itself
 * sees an incoming message (normalized names, root vs `msg.Tags`) is src/ao/aosMessage.ts: read what a process acted
 * on with its `rootTag`, not with this.
 */
export function tagValue(tags: readonly Tag[], name: string): string | undefined {
  for (const t of tags) if (t.name === name) return t.value
  return undefined
}

export function toTags(record: Record<string, string | number | bigint | boolean | undefined>): Tag[] {
  const out: Tag[] = []
  for (const [name, v] of Object.entries(record)) if (v !== undefined) out.push({ name, value: String(v) })
  return out
}

export function emptyResult(): HandleResult {
  return { Messages: [], Spawns: [], Assignments: [], Output: undefined }
}

/** Tags the MU sets itself on everything it pushes; sender-supplied copies are removed first. */
export const MU_STAMPED_TAGS: ReadonlySet<string> = new Set([
  'Data-Protocol',
  'Type',
  'From-Process',
  'From-Module',
  'Pushed-For',
])

/**
 * The tags of an outbox message as the MU pushes it (ao `servers/mu/src/domain/lib/build-tx.js`): the sender's own
 * `Data-Protocol`, `Type`, `From-Process`, `From-Module` and `Pushed-For` are dropped, then `Data-Protocol=ao`,
 * `Type=<type>` (default `Message`), `From-Process=<sender>`, `From-Module` and `Pushed-For` (when known) appended.
 * So a process can never make its message look as if it came from, or was caused by, someone else.
 * (The legacynet MU keeps a sender's `Pushed-For` when it has none of its own; we always drop it.)
 */
export function muStampTags(
  tags: readonly Tag[],
  p: { from: string; fromModule?: string; pushedFor?: string; type?: string },
): Tag[] {
  // a loop rather than filter: every pushed message passes here
  const out: Tag[] = []
  for (const t of tags) if (!MU_STAMPED_TAGS.has(t.name)) out.push(t)
  out.push(
    { name: 'Data-Protocol', value: 'ao' },
    { name: 'Type', value: p.type ?? 'Message' },
    { name: 'From-Process', value: p.from },
  )
  if (p.fromModule) out.push({ name: 'From-Module', value: p.fromModule })
  if (p.pushedFor) out.push({ name: 'Pushed-For', value: p.pushedFor })
  return out
}

/**
 * Turns an outbox message into the message its target evaluates, as the MU pushes it: signed by the MU, tags stamped
 * by `muStampTags`, `From` = the sender process, `Forwarded-By` set.
 */
export function pushedMessage(
  out: OutboxMessage,
  p: {
    from: string
    mu: string
    id: string
    timestamp: number
    blockHeight: number
    nonce?: number
    pushedFor?: string
    fromModule?: string
  },
): AoMessage {
  return {
    Id: p.id,
    Owner: p.mu,
    From: p.from,
    'Forwarded-By': p.mu,
    Target: out.Target,
    Anchor: out.Anchor,
    Data: out.Data ?? '',
    Tags: muStampTags(out.Tags, { from: p.from, fromModule: p.fromModule, pushedFor: p.pushedFor }),
    Timestamp: p.timestamp,
    'Block-Height': p.blockHeight,
    Nonce: p.nonce,
    Cron: false,
  }
}
