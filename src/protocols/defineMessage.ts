import type { z } from 'zod'

/**
 * Protocol messages as data (the viem "ABI" role). A `MessageSpec` names the protocol, the message, its `Action` and
 * its tags; `parseMessage` turns received tags into a typed value and `encodeMessage` turns typed params into tags.
 *
 * Tag names are written here as the protocol puts them on the wire. Receiving aos processes (module `ISShJH1ij…`)
 * normalize names (`X-FFP-For` → `X-Ffp-For`, `TotalSupply` → `Totalsupply`, `name` → `Name`), so lookups always
 * compare normalized names: a spec matches both the raw outbox form and what a normalizing aos process sees.
 */

export interface FieldSpec<S extends z.ZodType = z.ZodType> {
  /** Wire tag name (Title-Case-With-Dashes unless the protocol dictates otherwise). */
  tag: string
  /** Alternative names accepted when parsing (e.g. `Target` for `Recipient`); encoding always uses `tag`. */
  aliases?: readonly string[]
  schema: S
  optional?: boolean
}

export type Fields = Record<string, FieldSpec>

export interface MessageSpec<F extends Fields = Fields> {
  protocol: string
  /** Human name used in errors, e.g. `Debit-Notice` or `Get-Reserves reply`. */
  name: string
  /** The `Action` tag value; `undefined` for replies that carry no Action (token Info/Balance). */
  action?: string
  /** When true a message without an Action tag also matches (replies whose Action changed between versions). */
  actionOptional?: boolean
  fields: F
  /** Collect the remaining `X-*` tags into `xTags` (forwarded correlation tags). */
  forwardsXTags?: boolean
  /** Schema for the message Data (JSON or text); absent = Data ignored. */
  data?: z.ZodType
}

type FieldOut<T extends FieldSpec> = T['optional'] extends true
  ? z.output<T['schema']> | undefined
  : z.output<T['schema']>
type FieldIn<T extends FieldSpec> = z.output<T['schema']>

type OptionalKeys<F extends Fields> = { [K in keyof F]: F[K]['optional'] extends true ? K : never }[keyof F]
type RequiredKeys<F extends Fields> = Exclude<keyof F, OptionalKeys<F>>

/** What `parseMessage` returns for a spec: one camelCase key per field plus the message envelope. */
export type ParsedMessage<S extends MessageSpec> = { [K in keyof S['fields']]: FieldOut<S['fields'][K]> } & {
  /** Forwarded `X-*` tags not declared as fields (normalized names). */
  xTags: Record<string, string>
  /** Parsed Data if the spec declares a data schema. */
  data: S['data'] extends z.ZodType ? z.output<S['data']> : undefined
  id?: string
  from?: string
}

/** Params accepted by `encodeMessage`: the spec's fields (optional ones may be omitted) plus extra X- tags. */
export type EncodeParams<S extends MessageSpec> = {
  [K in RequiredKeys<S['fields']>]: FieldIn<S['fields'][K]>
} & {
  [K in OptionalKeys<S['fields']>]?: FieldIn<S['fields'][K]>
} & { xTags?: Record<string, string>; data?: S['data'] extends z.ZodType ? z.output<S['data']> : undefined }

/** Declares a message spec, keeping the literal field types for inference. */
export function defineMessage<const F extends Fields, const D extends z.ZodType | undefined = undefined>(
  spec: Omit<MessageSpec<F>, 'data'> & { data?: D },
): MessageSpec<F> & { data: D } {
  return spec as MessageSpec<F> & { data: D }
}

/** Shorthand for a field. */
export function tag<S extends z.ZodType>(name: string, schema: S): FieldSpec<S> & { optional?: false }
export function tag<S extends z.ZodType>(
  name: string,
  schema: S,
  opts: { optional: true; aliases?: readonly string[] },
): FieldSpec<S> & { optional: true }
export function tag<S extends z.ZodType>(
  name: string,
  schema: S,
  opts: { optional?: false; aliases?: readonly string[] },
): FieldSpec<S> & { optional?: false }
export function tag<S extends z.ZodType>(
  name: string,
  schema: S,
  opts: { optional?: boolean; aliases?: readonly string[] } = {},
): FieldSpec<S> {
  return { tag: name, schema, optional: opts.optional, aliases: opts.aliases }
}
