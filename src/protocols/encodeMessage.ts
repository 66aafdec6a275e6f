import { z } from 'zod'
import type { Tag } from '../ao/message.ts'
import { normalizeTagName } from '../ao/normalize.ts'
import { MessageEncodeError } from '../errors/protocol.ts'
import type { EncodeParams, MessageSpec } from './defineMessage.ts'

/**
 * Typed params → the tag array of a request (Action first, then fields in spec order, then extra `X-*` tags).
 * Values go through each field's codec (`bigint` → integer string); optional fields left `undefined` are omitted.
 */
export function encodeMessage<S extends MessageSpec>(spec: S, params: EncodeParams<S>): Tag[] {
  const tags: Tag[] = []
  if (spec.action !== undefined) tags.push({ name: 'Action', value: spec.action })
  const p = params as Record<string, unknown>
  const used = new Set<string>(['Action'])
  for (const [key, f] of Object.entries(spec.fields)) {
    used.add(normalizeTagName(f.tag))
    const v = p[key]
    if (v === undefined) {
      if (!f.optional)
        throw new MessageEncodeError({
          protocol: spec.protocol,
          messageName: spec.name,
          field: key,
          tag: f.tag,
          problem: 'is required',
        })
      continue
    }
    let value: unknown
    try {
      value = z.encode(f.schema, v as never)
    } catch (e) {
      const msg = e instanceof z.ZodError ? e.issues.map((i) => i.message).join('; ') : String(e)
      throw new MessageEncodeError({
        protocol: spec.protocol,
        messageName: spec.name,
        field: key,
        tag: f.tag,
        problem: `is invalid: ${msg}`,
      })
    }
    tags.push({ name: f.tag, value: String(value) })
  }
  for (const [name, value] of Object.entries((params as { xTags?: Record<string, string> }).xTags ?? {})) {
    if (!name.startsWith('X-'))
      throw new MessageEncodeError({
        protocol: spec.protocol,
        messageName: spec.name,
        field: 'xTags',
        tag: name,
        problem: 'must start with "X-"',
      })
    if (name !== normalizeTagName(name))
      throw new MessageEncodeError({
        protocol: spec.protocol,
        messageName: spec.name,
        field: 'xTags',
        tag: name,
        problem: `is not Title-Case-With-Dashes; receivers would see it as ${normalizeTagName(name)}`,
      })
    if (used.has(name))
      throw new MessageEncodeError({
        protocol: spec.protocol,
        messageName: spec.name,
        field: 'xTags',
        tag: name,
        problem: 'duplicates a declared field',
      })
    tags.push({ name, value })
  }
  return tags
}

/** The Data of a request whose spec declares a data codec (JSON bodies); `''` otherwise. */
export function encodeData<S extends MessageSpec>(spec: S, data: unknown): string {
  if (!spec.data || data === undefined) return ''
  return String(z.encode(spec.data, data as never))
}
