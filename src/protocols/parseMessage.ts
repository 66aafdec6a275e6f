import { z } from 'zod'
import { normalizeTagName } from '../ao/normalize.ts'
import { type SchemaIssue, SchemaMismatchError } from '../errors/protocol.ts'
import type { FieldSpec, MessageSpec, ParsedMessage } from './defineMessage.ts'
import { type MessageInput, type ReadMessage, readMessage } from './messageTags.ts'

export interface ParseContext {
  /** The process the message came from or was sent to, named in errors. */
  process?: string
}

export type SafeParseResult<S extends MessageSpec> =
  | { success: true; data: ParsedMessage<S> }
  | { success: false; error: SchemaMismatchError }

function lookup(m: ReadMessage, f: FieldSpec): { name: string; value: string } | undefined {
  for (const name of [f.tag, ...(f.aliases ?? [])]) {
    const v = m.tags.get(normalizeTagName(name))
    if (v !== undefined) return { name, value: v }
  }
  return undefined
}

function actionMatches(spec: MessageSpec, m: ReadMessage): boolean {
  const action = m.tags.get('Action')
  if (spec.action === undefined) return true
  if (action === undefined) return spec.actionOptional === true
  return action === spec.action
}

/**
 * Whether a message is an instance of `spec`: same Action, every required tag present and every literal-valued tag
 * equal (`X-Action = Swap-Output`). It does not validate values — `parseMessage` does, and throws on bad ones, so a
 * message that looks like a fill but carries a broken quantity is reported instead of silently skipped.
 */
export function matchesMessage(spec: MessageSpec, input: MessageInput): boolean {
  const m = readMessage(input)
  if (!actionMatches(spec, m)) return false
  for (const f of Object.values(spec.fields)) {
    const got = lookup(m, f)
    if (!got) {
      if (!f.optional) return false
      continue
    }
    if (f.schema instanceof z.ZodLiteral && !f.schema.safeParse(got.value).success) return false
  }
  return true
}

/** Parses a message against its spec; returns the typed value or a `SchemaMismatchError`. */
export function safeParseMessage<S extends MessageSpec>(
  spec: S,
  input: MessageInput,
  context: ParseContext = {},
): SafeParseResult<S> {
  const m = readMessage(input)
  const issues: SchemaIssue[] = []
  const action = m.tags.get('Action')
  if (!actionMatches(spec, m))
    issues.push({ tag: 'Action', problem: `expected ${JSON.stringify(spec.action)}`, value: action })
  const out: Record<string, unknown> = {}
  const declared = new Set<string>(['Action'])
  for (const [key, f] of Object.entries(spec.fields)) {
    for (const n of [f.tag, ...(f.aliases ?? [])]) declared.add(normalizeTagName(n))
    const got = lookup(m, f)
    if (!got) {
      if (!f.optional) issues.push({ tag: f.tag, problem: 'missing' })
      out[key] = undefined
      continue
    }
    const r = f.schema.safeParse(got.value)
    if (r.success) out[key] = r.data
    else
      issues.push({
        tag: m.raw.get(normalizeTagName(got.name)) ?? got.name,
        problem: r.error.issues.map((i) => i.message).join('; '),
        value: got.value,
      })
  }
  const xTags: Record<string, string> = {}
  if (spec.forwardsXTags)
    for (const [n, v] of m.tags) if (n.startsWith('X-') && !declared.has(n)) xTags[n] = v
  let data: unknown
  if (spec.data) {
    const r = spec.data.safeParse(m.data ?? '')
    if (r.success) data = r.data
    else
      issues.push({
        tag: 'Data',
        problem: r.error.issues.map((i) => i.message).join('; '),
        value: (m.data ?? '').slice(0, 120),
      })
  }
  if (issues.length)
    return {
      success: false,
      error: new SchemaMismatchError({
        protocol: spec.protocol,
        messageName: spec.name,
        action,
        issues,
        messageId: m.id,
        process: context.process,
        from: m.from,
      }),
    }
  return { success: true, data: { ...out, xTags, data, id: m.id, from: m.from } as ParsedMessage<S> }
}

/** Parses a message against its spec, throwing `SchemaMismatchError` (naming process, action, tags and id). */
export function parseMessage<S extends MessageSpec>(
  spec: S,
  input: MessageInput,
  context: ParseContext = {},
): ParsedMessage<S> {
  const r = safeParseMessage(spec, input, context)
  if (!r.success) throw r.error
  return r.data
}
