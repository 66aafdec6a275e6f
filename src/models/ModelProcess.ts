import { aosSend, aosTagArray, aosTags, aosTrusts, rootTag } from '../ao/aosMessage.ts'
import { LEGACY_AUTHORITY } from '../ao/constants.ts'
import type { AoMessage, AoProcessLike, HandleResult, OutboxMessage, Tag } from '../ao/message.ts'
import { NON_EXTRACTABLE_TAGS, normalizeTagName } from '../ao/normalize.ts'

/**
 * An incoming message as an aos handler sees it (src/ao/aosMessage.ts): `get` reads the message root (`msg.Foo`,
 * where the last of duplicate tags wins), `tags` is `msg.Tags` (the first wins), `tagArray` is `msg.TagArray`.
 */
export interface ModelMessage {
  raw: AoMessage
  /** `msg.Id` (a sender's `Id` tag overwrites it, as on aos) */
  id: string
  from: string
  data: string
  /** Normalized tags in arrival order (aos `msg.TagArray`). */
  tagArray: Tag[]
  /** Normalized name → value, first occurrence wins (aos `msg.Tags`). */
  tags: Map<string, string>
  /** `msg.Timestamp` (a sender's tag overwrites it, as on aos) */
  timestamp: number
  /** `msg[name]`: the root field as a string (the last of duplicate tags wins); for a non-extractable tag such as `Target` read `tags` */
  get(name: string): string | undefined
}

export interface ModelProcessParameters {
  id: string
  owner: string
  /** Trusted signers for process→process messages (aos `ao.authorities`). Defaults to the legacynet MU. */
  authorities?: string[]
}

/** A handler failure: the message gets an `Error` and the state is rolled back, as aos does on a handler error. */
export class ModelHandlerError extends Error {
  override name = 'ModelHandlerError'
}

/**
 * Base of the TS process models: the aos behaviour every handler relies on (tag normalization, the trust gate,
 * `msg.reply` targeting and X-Reference, `ao.send` bookkeeping tags and anchors, rollback on error), so a model
 * returns the same outbox as the Lua process for the same `AoMessage`.
 */
export abstract class ModelProcess<State> implements AoProcessLike {
  readonly id: string
  readonly owner: string
  readonly authorities: Set<string>
  protected state: State
  private reference = 0
  private outbox: OutboxMessage[] = []

  protected constructor(p: ModelProcessParameters, initial: State) {
    this.id = p.id
    this.owner = p.owner
    this.authorities = new Set(p.authorities ?? [LEGACY_AUTHORITY])
    this.state = initial
  }

  /** Deep copy of the state for rollback. */
  protected abstract cloneState(s: State): State
  /**
   * Keeps what a rollback of the next message needs and returns the function that restores it. The default copies
   * the whole state; models on a backtest's hot path override it with an undo journal (`UndoMap`).
   */
  protected saveForRollback(): () => void {
    const saved = this.cloneState(this.state)
    return () => {
      this.state = saved
    }
  }
  /**
   * Actions no handler of this model matches: such a message changes nothing and sends nothing, so a backtest's
   * fast path may count its delivery without making it (`ignores`). A test checks each against `handleSync`.
   */
  protected readonly ignoredActions: ReadonlySet<string> = new Set()

  /** True when `out`, delivered to this model, would match no handler (see `ignoredActions`). */
  ignores(out: OutboxMessage): boolean {
    if (this.ignoredActions.size === 0) return false
    // the root's Action (the last tag normalizing to it), as `toModelMessage(out).get('Action')` reads it
    const action = rootTag(out, 'Action')
    return action !== undefined && this.ignoredActions.has(action)
  }

  /** `ignores` for a message known only by its (normalized, first) Action tag. */
  ignoresAction(action: string): boolean {
    return this.ignoredActions.has(action)
  }

  /**
   * Advances the Reference counter by `n` sends that a direct application (see `DirectProcess` in the world) made
   * without building them; returns the first one's Reference, so they can be built later exactly as `send` would.
   */
  protected takeReferences(n: number): number {
    const first = this.reference + 1
    this.reference += n
    return first
  }

  /** Runs the handler for one message (may call `send`/`reply`); returns false if no handler matched. */
  protected abstract dispatch(msg: ModelMessage): boolean

  async handle(msg: AoMessage): Promise<HandleResult> {
    return this.handleSync(msg)
  }

  /** Synchronous `handle` for tight backtest loops. */
  handleSync(msg: AoMessage): HandleResult {
    if (!aosTrusts(msg, this.authorities))
      return { Messages: [], Spawns: [], Assignments: [], Output: undefined }
    const m = toModelMessage(msg)
    const restore = this.saveForRollback()
    const savedRef = this.reference
    const out: OutboxMessage[] = []
    this.outbox = out
    try {
      this.dispatch(m)
    } catch (e) {
      restore()
      this.reference = savedRef
      this.outbox = []
      return {
        Messages: [],
        Spawns: [],
        Assignments: [],
        Output: undefined,
        Error: e instanceof Error ? e.message : String(e),
      }
    }
    this.outbox = []
    return { Messages: out, Spawns: [], Assignments: [], Output: undefined }
  }

  /** aos `ao.send`: bookkeeping tags, a Reference counter and a 32-digit anchor. */
  protected send(target: string, tags: Tag[], data?: string): void {
    this.reference++
    this.outbox.push(aosSend(this.reference, target, tags, data))
  }

  /** aos `msg.reply`: Target = Reply-To or From; X-Reference = request X-Reference or Reference; X-Origin copied. */
  protected reply(msg: ModelMessage, tags: Tag[], data?: string): void {
    const all: Tag[] = []
    const xref = msg.get('X-Reference') ?? msg.get('Reference')
    if (xref !== undefined) all.push({ name: 'X-Reference', value: xref })
    const origin = msg.get('X-Origin')
    if (origin !== undefined) all.push({ name: 'X-Origin', value: origin })
    for (let i = 0; i < tags.length; i++) all.push(tags[i])
    this.send(msg.get('Reply-To') ?? msg.from, all, data)
  }
}

export function toModelMessage(msg: AoMessage): ModelMessage {
  return new AosMessageView(msg)
}

/**
 * `ModelMessage` read in place: `get` scans the tags as aos fills the root (`aosRoot`: fields, then every extractable
 * tag on top, the last of duplicates winning) without building it, and `tagArray`/`tags` are made on first use only.
 * A model's handler reads a few tags of each message; building the root, the normalized tag array and the map for
 * every one of them was a tenth of a replay's time and much of its garbage. `test/models/messageView.test.ts` holds
 * it equal to `aosRoot`.
 */
class AosMessageView implements ModelMessage {
  private array: Tag[] | undefined
  private map: Map<string, string> | undefined

  constructor(readonly raw: AoMessage) {}

  get id(): string {
    return this.get('Id') ?? ''
  }
  get from(): string {
    return this.raw.From
  }
  get data(): string {
    return this.raw.Data ?? ''
  }
  get tagArray(): Tag[] {
    this.array ??= aosTagArray(this.raw)
    return this.array
  }
  get tags(): Map<string, string> {
    this.map ??= aosTags(this.tagArray)
    return this.map
  }
  get timestamp(): number {
    return hasTag(this.raw, 'Timestamp') ? Math.floor(Number(this.get('Timestamp'))) : this.raw.Timestamp
  }

  get(name: string): string | undefined {
    // every name on the root is normalized: another spelling finds nothing
    if (normalizeTagName(name) !== name) return undefined
    const m = this.raw
    const tags = m.Tags
    // tags land on the root after the fields: the last extractable tag of this name wins
    if (!NON_EXTRACTABLE_TAGS.has(name)) {
      const first = name.charCodeAt(0)
      for (let i = tags.length - 1; i >= 0; i--) {
        const n = tags[i].name
        // normalizing keeps a name's length and turns its first character into `first` only from `first` itself
        // or its ASCII lower case (or `_` into `-`): others cannot match, without the memo lookup
        if (n.length !== name.length) continue
        if (n === name) return tags[i].value
        const c = n.charCodeAt(0)
        if ((c === first || c === first + 32 || (c === 95 && first === 45)) && normalizeTagName(n) === name)
          return tags[i].value
      }
    }
    // else the message field of that (normalized) name, the last of several as `aosRoot` assigns them
    let v: unknown
    const fields = m as unknown as Record<string, unknown>
    const first = name.charCodeAt(0)
    for (const k in fields) {
      // the same length and first-character filter as for tags above, before the memo lookup
      if (k.length !== name.length || k === 'Tags' || !Object.hasOwn(fields, k)) continue
      const x = fields[k]
      if (x === undefined) continue
      const c = k.charCodeAt(0)
      if (
        k === name ||
        ((c === first || c === first + 32 || (c === 95 && first === 45)) && normalizeTagName(k) === name)
      )
        v = x
    }
    return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined
  }
}

/** Whether any tag's normalized name is `name` (a key of aos `msg.Tags`). */
function hasTag(m: AoMessage, name: string): boolean {
  for (const t of m.Tags) if (t.name.length === name.length && normalizeTagName(t.name) === name) return true
  return false
}

/**
 * The values `toModelMessage(m).get(name)` gives for each of `names` (normalized, extractable tag names: the last of
 * duplicate tags wins, as on the aos root), without building the whole message: for direct applications on the
 * replay's hot path, which must read a recorded message exactly as its handler does.
 */
export function rootTags(m: AoMessage, names: readonly string[]): (string | undefined)[] {
  const out: (string | undefined)[] = new Array(names.length).fill(undefined)
  let left = names.length
  const tags = m.Tags
  for (let i = tags.length - 1; i >= 0; i--) {
    const j = names.indexOf(normalizeTagName(tags[i].name))
    if (j >= 0 && out[j] === undefined) {
      out[j] = tags[i].value
      if (--left === 0) break
    }
  }
  return out
}

/** `name, value` pairs → tags, skipping undefined values (Lua `Tags.list`). */
export function tagList(...pairs: Array<string | undefined>): Tag[] {
  const out: Tag[] = []
  for (let i = 0; i < pairs.length; i += 2) {
    const v = pairs[i + 1]
    if (v !== undefined) out.push({ name: pairs[i] as string, value: v })
  }
  return out
}

/** Every X- tag in arrival order, first occurrence, minus `skip` (Lua `Tags.forwardX`). */
export function forwardX(msg: ModelMessage, skip?: ReadonlySet<string>): Tag[] {
  const out: Tag[] = []
  const seen = new Set<string>()
  // straight from the raw tags (the same names `tagArray` would hold), without building it
  for (const t of msg.raw.Tags) {
    // only `X-`, `x-`, `X_` or `x_` normalizes to a name starting with `X-`
    const c0 = t.name.charCodeAt(0)
    const c1 = t.name.charCodeAt(1)
    if ((c0 !== 88 && c0 !== 120) || (c1 !== 45 && c1 !== 95)) continue
    const name = normalizeTagName(t.name)
    if (name.startsWith('X-') && !seen.has(name) && !skip?.has(name)) {
      seen.add(name)
      out.push({ name, value: t.value })
    }
  }
  return out
}

export const REPLY_SKIP: ReadonlySet<string> = new Set(['X-Reference', 'X-Origin'])

/** Lua `Tags.isAddress`: a 43-char base64url id or a 0x address. */
export function isAddress(s: string | undefined): s is string {
  if (typeof s !== 'string') return false
  // character loops, not regexes: models check every recipient, sender and pool id of the messages they handle
  if (s.length === 43) {
    for (let i = 0; i < 43; i++) {
      const c = s.charCodeAt(i)
      if (!((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 95 || c === 45))
        return false
    }
    return true
  }
  if (s.length !== 42 || s.charCodeAt(0) !== 48 || s.charCodeAt(1) !== 120) return false
  for (let i = 2; i < 42; i++) {
    const c = s.charCodeAt(i)
    if (!((c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102))) return false
  }
  return true
}

/** Throws the error a Lua handler raises with `error(text, 0)`. */
export function fail(text: string): never {
  throw new ModelHandlerError(text)
}
