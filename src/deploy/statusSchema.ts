import { z } from 'zod'

const int = z.string().regex(/^-?[0-9]+$/, 'an integer string')
const id = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'a 43-character id')
/** Lua encodes an empty table as `[]`; both mean "none". */
const record = <T extends z.ZodType>(v: T) =>
  z.preprocess((x) => (Array.isArray(x) && x.length === 0 ? {} : x), z.record(z.string(), v))
const scalar = z.union([z.string(), z.boolean(), z.null()])
/** A context value: a scalar, a ring buffer (integers, oldest first) or a map (integers by key; empty is `[]`). */
const contextValue = z.union([scalar, z.array(int), z.record(z.string(), int)])

/** The document an afk agent answers `Action=Status` with (twin of `snapshotState` + compile meta). */
export const AgentStatusSchema = z.object({
  value: z.string(),
  done: z.boolean(),
  context: record(contextValue),
  params: record(scalar),
  owner: id,
  paused: z.boolean(),
  /** owner Halt: no new orders until Resume (absent from agents built before Halt existed) */
  halted: z.boolean().default(false),
  /** compiled with --immutable: every Eval is refused */
  immutable: z.boolean(),
  orders: record(record(z.string())),
  timers: record(int),
  balances: record(int),
  seq: int,
  lastTick: int.nullable(),
  /** risk controls, when the strategy declares them: day slot, spent today and slippage budget left per token */
  risk: z.object({ day: int, tokens: record(record(int)) }).optional(),
  meta: z.object({
    id: z.string(),
    afkVersion: z.string(),
    strategyHash: z.string().regex(/^[0-9a-f]{64}$/),
    paramsHash: z.string().regex(/^[0-9a-f]{64}$/),
  }),
})
export type AgentStatus = z.infer<typeof AgentStatusSchema>

/** What `afk status --json` prints (published: `afk status --schema` prints it as JSON Schema). */
export const StatusReportSchema = z.object({
  name: z.string(),
  network: z.enum(['local', 'legacynet', 'mainnet']),
  processId: id,
  /** the agent's token balances by token param (its books), raw units */
  status: AgentStatusSchema,
  /** true when the Status hashes, owner and immutability still match the manifest */
  matchesManifest: z.object({
    strategyHash: z.boolean(),
    paramsHash: z.boolean(),
    owner: z.boolean(),
    immutable: z.boolean(),
  }),
})
export type StatusReport = z.infer<typeof StatusReportSchema>

/** JSON Schema (draft 2020-12) of `afk status --json`. */
export function statusReportJsonSchema(): unknown {
  return z.toJSONSchema(StatusReportSchema, { io: 'input', unrepresentable: 'any' })
}
