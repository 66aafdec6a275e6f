import { createHash } from 'node:crypto'
import { relative, resolve, sep } from 'node:path'
import { type MarketLog, openMarketLog } from '../log/openMarketLog.ts'
import { hashFileMemo } from '../log/scanLog.ts'
import type { LogHeader } from '../log/schema.ts'
import { type MarketInfo, type MarketInfoOptions, marketInfo } from '../market/marketInfo.ts'

/** The logs of a backtest read as one market: the agent's pool (primary) and any further pools. */
export interface BacktestMarket {
  log: MarketLog
  header: LogHeader
  info: MarketInfo
  others: { header: LogHeader; info: MarketInfo }[]
  /** tickers of the other pools' assets whose denomination no header gave (12 assumed; callers warn) */
  assumedElsewhere: string[]
  /** every logged process id, in log order */
  order: string[]
  /** the report's `meta.log.file` and `sha256` (several files: joined with " + ", hash over their hashes) */
  file: { file: string; sha256: string }
}

const shown = (f: string) => relative(process.cwd(), resolve(f)).split(sep).join('/')

/**
 * Opens one log or several (merged by timestamp and nonce). The primary pool is `params.pool` when it names one of
 * the logged processes, else the first; the others are replayed too (re-executed) so an agent may trade on any.
 */
export async function openBacktestMarket(
  files: string | string[],
  pool: unknown,
  options: MarketInfoOptions,
  hash = true,
): Promise<BacktestMarket> {
  const log = await openMarketLog(files)
  // a pool that is not in the log is reported by the params check (or run anyway with --force) on the first one
  const i = Math.max(0, typeof pool === 'string' ? log.headers.findIndex((h) => h.processId === pool) : 0)
  const header = log.headers[i]
  const info = marketInfo(header, options)
  // A token shared with the agent's pool (the numeraire) has the denomination found for it there.
  const known = (id: string) =>
    id === info.base.id ? info.base.denomination : id === info.quote.id ? info.quote.denomination : undefined
  const others = log.headers
    .filter((_, j) => j !== i)
    .map((h) => {
      const first = marketInfo(h)
      const again = marketInfo(h, {
        baseDenomination: first.denominationAssumed ? known(first.base.id) : undefined,
        quoteDenomination: first.denominationAssumed ? known(first.quote.id) : undefined,
      })
      return { header: h, info: again }
    })
  const assumedElsewhere = others.filter((o) => o.info.denominationAssumed).map((o) => o.info.base.ticker)
  let file = { file: log.files.map(shown).join(' + '), sha256: '' }
  if (hash) {
    const hashes = await Promise.all(log.files.map(async (f) => (await hashFileMemo(f)).sha256))
    file = {
      file: file.file,
      sha256: hashes.length === 1 ? hashes[0] : createHash('sha256').update(hashes.join('\n')).digest('hex'),
    }
  }
  return {
    log,
    header,
    info,
    others,
    file,
    order: log.headers.map((h) => h.processId),
    assumedElsewhere,
  }
}
