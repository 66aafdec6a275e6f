import type { z } from 'zod'
import { type SuNode, suNodeSchema } from './schema.ts'

type Parsed = { success: true; data: SuNode } | { success: false; error: z.ZodError }

/**
 * `suNodeSchema.safeParse` for the replay's hot path: a hand-written check of the common shape that builds the same
 * output zod would (keys in schema order, unknown keys dropped, `data` defaulting to '', optional keys kept only
 * when present), reusing the parsed `{name, value}` tag objects instead of copying each one. Anything it does not
 * accept outright goes to zod itself, so every rejection carries zod's own issues and text, and an input the check is
 * too strict for still parses. `test/harness/parseSuNode.test.ts` holds the two equal on valid and broken nodes.
 */
export function parseSuNode(v: unknown): Parsed {
  const data = fastSuNode(v)
  return data ? { success: true, data } : (suNodeSchema.safeParse(v) as Parsed)
}

const OBJECT = Object.prototype
const plain = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === OBJECT

const str = (v: unknown): v is string => typeof v === 'string'
const optStr = (v: unknown) => v === undefined || typeof v === 'string'
const nullishStr = (v: unknown) => v === undefined || v === null || typeof v === 'string'

/** The hand-written check alone: the node zod would output, or undefined for "ask zod" (exported for its test). */
export function fastSuNode(v: unknown): SuNode | undefined {
  if (!plain(v)) return undefined
  const message = v.message === null ? null : fastMessage(v.message)
  if (message === undefined) return undefined
  const assignment = fastAssignment(v.assignment)
  if (!assignment) return undefined
  const node: SuNode = { message, assignment }
  if ('afk' in v) {
    const afk = v.afk
    if (afk === undefined) node.afk = undefined
    else {
      if (!plain(afk)) return undefined
      const out: NonNullable<SuNode['afk']> = {}
      if ('reserves' in afk) {
        const r = afk.reserves
        if (r === undefined) out.reserves = undefined
        else {
          if (!plain(r)) return undefined
          const reserves: Record<string, string> = {}
          for (const k in r) {
            const x = r[k]
            // zod's record treats `__proto__` specially: leave such a key to it
            if (k === '__proto__' || !str(x) || !DIGITS.test(x)) return undefined
            reserves[k] = x
          }
          out.reserves = reserves
        }
      }
      node.afk = out
    }
  }
  return node
}

const DIGITS = /^\d+$/

function fastOwner(o: unknown): { address: string; key?: string } | undefined {
  if (!plain(o) || !str(o.address) || o.address.length < 1) return undefined
  if (!('key' in o)) return { address: o.address }
  return optStr(o.key) ? { address: o.address, key: o.key as string | undefined } : undefined
}

/** The tags, reusing each `{name, value}` object that has exactly those two string keys in that order. */
function fastTags(t: unknown): { name: string; value: string }[] | undefined {
  if (!Array.isArray(t)) return undefined
  let out: { name: string; value: string }[] | undefined
  for (let i = 0; i < t.length; i++) {
    const x = t[i]
    if (!plain(x) || !str(x.name) || !str(x.value)) return undefined
    let n = 0
    let exact = true
    for (const k in x) if ((n++ === 0 ? k !== 'name' : k !== 'value') || n > 2) exact = false
    if (!exact || n !== 2) {
      out ??= t.slice(0, i)
      out.push({ name: x.name, value: x.value })
    } else out?.push(x as { name: string; value: string })
  }
  return out ?? (t as { name: string; value: string }[])
}

function fastMessage(m: unknown): NonNullable<SuNode['message']> | undefined {
  if (!plain(m) || !str(m.id) || m.id.length < 1) return undefined
  const owner = fastOwner(m.owner)
  if (!owner) return undefined
  if (!optStr(m.data)) return undefined
  const tags = fastTags(m.tags)
  if (!tags) return undefined
  const out: NonNullable<SuNode['message']> = {
    id: m.id,
    owner,
    data: (m.data as string | undefined) ?? '',
    tags,
  }
  if ('signature' in m) {
    if (!optStr(m.signature)) return undefined
    out.signature = m.signature as string | undefined
  }
  if ('anchor' in m) {
    if (!nullishStr(m.anchor)) return undefined
    out.anchor = m.anchor as string | null | undefined
  }
  if ('target' in m) {
    if (!nullishStr(m.target)) return undefined
    out.target = m.target as string | null | undefined
  }
  return out
}

function fastAssignment(a: unknown): SuNode['assignment'] | undefined {
  if (!plain(a) || !str(a.id) || a.id.length < 1) return undefined
  const owner = fastOwner(a.owner)
  if (!owner) return undefined
  const tags = fastTags(a.tags)
  if (!tags) return undefined
  const out: SuNode['assignment'] = { id: a.id, owner, tags }
  if ('signature' in a) {
    if (!optStr(a.signature)) return undefined
    out.signature = a.signature as string | undefined
  }
  if ('anchor' in a) {
    if (!nullishStr(a.anchor)) return undefined
    out.anchor = a.anchor as string | null | undefined
  }
  if ('target' in a) {
    if (!nullishStr(a.target)) return undefined
    out.target = a.target as string | null | undefined
  }
  return out
}
