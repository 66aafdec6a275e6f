import { z } from 'zod'

/**
 * Shapes of the log formats the harness reads. The SU node is exactly what `GET <su>/<pid>` returns inside
 * `edges[].node` (ao-protocol.md §5.1); our NDJSON format is one such node per line after one header line.
 */
export const tagSchema = z.object({ name: z.string(), value: z.string() })

const ownerSchema = z.object({ address: z.string().min(1), key: z.string().optional() })

export const suMessageSchema = z.object({
  id: z.string().min(1),
  owner: ownerSchema,
  data: z.string().optional().default(''),
  tags: z.array(tagSchema),
  signature: z.string().optional(),
  anchor: z.string().nullish(),
  target: z.string().nullish(),
})

export const suAssignmentSchema = z.object({
  id: z.string().min(1),
  owner: ownerSchema,
  tags: z.array(tagSchema),
  signature: z.string().optional(),
  anchor: z.string().nullish(),
  target: z.string().nullish(),
})

/**
 * Optional afk annotation on a log line (never sent by an SU): facts a generator knows about the state after the
 * message, used to check replays. `reserves` maps token id → the pool's reserve after this message.
 */
export const afkAnnotationSchema = z.object({
  reserves: z.record(z.string(), z.string().regex(/^\d+$/)).optional(),
})

export const suNodeSchema = z.object({
  message: suMessageSchema.nullable(),
  assignment: suAssignmentSchema,
  afk: afkAnnotationSchema.optional(),
})
export type SuNode = z.output<typeof suNodeSchema>

export const suPageSchema = z.object({
  page_info: z.object({ has_next_page: z.boolean() }),
  edges: z.array(z.object({ cursor: z.union([z.string(), z.number()]), node: suNodeSchema })),
})
export type SuPage = z.output<typeof suPageSchema>

/** The process (spawn item) as the SU's `GET /processes/<pid>` returns it; optional in our header. */
export const suProcessSchema = z.object({
  process_id: z.string().min(1),
  owner: ownerSchema,
  tags: z.array(tagSchema),
  data: z.string().optional().default(''),
  timestamp: z.union([z.string(), z.number()]).transform(Number),
  block: z.union([z.string(), z.number()]).transform(Number),
  anchor: z.string().nullish(),
  signature: z.string().optional(),
  target: z.string().nullish(),
})
export type SuProcess = z.output<typeof suProcessSchema>

export const LOG_FORMAT = 'afk-su-log'
export const LOG_VERSION = 1
/**
 * The last line of a complete NDJSON log: `{"format":"afk-su-log-end","records":N}`. A log without it was not
 * completely written (an interrupted synth or record) and is refused; `records` must equal the node lines.
 */
export const LOG_END_FORMAT = 'afk-su-log-end'

export const logEndSchema = z.object({
  format: z.literal(LOG_END_FORMAT),
  records: z.number().int().nonnegative(),
})

/** The end marker line (without newline) for a log of `records` SU nodes. */
export const logEndLine = (records: number) => JSON.stringify({ format: LOG_END_FORMAT, records })

/** First line of an NDJSON log. `process` is the spawn item when the recorder could fetch it. */
export const logHeaderSchema = z.object({
  format: z.literal(LOG_FORMAT),
  version: z.literal(LOG_VERSION),
  processId: z.string().min(1),
  process: suProcessSchema.optional(),
  source: z.string().optional(),
  /** Number of SU node lines, when the writer knows it up front; must match the end marker. */
  records: z.number().int().nonnegative().optional(),
  /** Free-form facts a generator wants readers to know (e.g. synth seed, token ids). Strings only. */
  meta: z.record(z.string(), z.string()).optional(),
})
export type LogHeader = z.output<typeof logHeaderSchema>
export type LogHeaderInput = z.input<typeof logHeaderSchema>

/** Arweave GraphQL `transactions` edge (discovery data: no nonce, no data body). */
export const gqlEdgeSchema = z.object({
  cursor: z.string().optional(),
  node: z.object({
    id: z.string().min(1),
    recipient: z.string().optional().default(''),
    owner: ownerSchema,
    tags: z.array(tagSchema),
    anchor: z.string().nullish(),
    data: z
      .object({ size: z.union([z.string(), z.number()]).optional(), type: z.string().nullish() })
      .optional(),
    block: z.object({ height: z.number().int(), timestamp: z.number().int() }).nullable(),
  }),
})
export type GqlEdge = z.output<typeof gqlEdgeSchema>

export const gqlResponseSchema = z.object({
  data: z.object({ transactions: z.object({ edges: z.array(gqlEdgeSchema) }) }),
})

/** Human-readable zod issues: `path: message`. */
export function formatIssues(err: z.ZodError): string[] {
  return err.issues.map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`)
}
