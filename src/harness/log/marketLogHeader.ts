import { z } from 'zod'
import { LOG_FORMAT, LOG_VERSION, type LogHeader, suProcessSchema } from './schema.ts'

/**
 * First line of a log that holds several processes (`afk synth --pools N`): every process's spawn item, and meta
 * describing the market. The lines after it are SU nodes whose assignment `Process` tag names their process; each
 * process keeps its own nonce sequence and hash chain. A distinct format name so single-process readers refuse it
 * instead of misreading it.
 */
export const MARKET_LOG_FORMAT = 'afk-market-log'

export const marketLogHeaderSchema = z.object({
  format: z.literal(MARKET_LOG_FORMAT),
  version: z.literal(LOG_VERSION),
  processes: z.array(suProcessSchema).min(1),
  source: z.string().optional(),
  /**
   * Strings only. `numeraire`: the token every pool prices against; `assets`: asset token ids, comma-separated;
   * `pool:<asset>`: its pool; `ticker:<token>`, `denomination:<token>`.
   */
  meta: z.record(z.string(), z.string()).optional(),
})
export type MarketLogHeader = z.output<typeof marketLogHeaderSchema>
export type MarketLogHeaderInput = z.input<typeof marketLogHeaderSchema>

/**
 * The single-process header of one pool of a market log, as the one-pool readers (`marketInfo`) expect it: the meta
 * is shared, with `quote` set to the numeraire when the market names one.
 */
export function poolHeader(h: MarketLogHeader, processId: string): LogHeader {
  const process = h.processes.find((p) => p.process_id === processId)
  const meta = { ...(h.meta ?? {}) }
  if (meta.numeraire) meta.quote = meta.numeraire
  return { format: LOG_FORMAT, version: LOG_VERSION, processId, process, source: h.source, meta }
}
