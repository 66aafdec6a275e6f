import { tagValue } from '../../ao/message.ts'
import { BacktestConfigError } from '../../errors/harness.ts'
import type { LogHeader } from '../log/schema.ts'
import type { TokenMeta } from '../report/types.ts'

/** The pool a log belongs to and the two tokens, with which one is the base (bought) and which the quote. */
export interface MarketInfo {
  pool: string
  poolOwner: string
  tokenA: string
  tokenB: string
  base: TokenMeta
  quote: TokenMeta
  lpFeeBps: number
  protocolFeeBps: number
  factory?: string
  spawnTimestamp: number
  spawnHeight: number
}

/**
 * Reads a Botega pool log's header: tokens from the spawn tags `Token-A`/`Token-B` (tickers from `Token-*-Ticker`),
 * fees from `Fee-Bps`/`Protocol-Fee-Bps`. By default Token-A is the base; header meta `base`/`quote` (written by
 * `afk synth`) or `quoteToken` override it.
 */
export function marketInfo(header: LogHeader, o: { quoteToken?: string } = {}): MarketInfo {
  const proc = header.process
  if (!proc)
    throw new BacktestConfigError(
      `The log for ${header.processId} has no spawn item, so the pool's tokens are unknown`,
      ['Record it with --from-nonce -1 so the spawn item is included.'],
    )
  const tags = proc.tags
  const tokenA = tagValue(tags, 'Token-A')
  const tokenB = tagValue(tags, 'Token-B')
  if (!tokenA || !tokenB)
    throw new BacktestConfigError(
      `Process ${header.processId} is not a Botega pool (no Token-A/Token-B spawn tags)`,
    )
  const meta = header.meta ?? {}
  const quoteId = o.quoteToken ?? meta.quote ?? tokenB
  if (quoteId !== tokenA && quoteId !== tokenB)
    throw new BacktestConfigError(`Quote token ${quoteId} is not in the pool`, [
      `Token-A: ${tokenA}`,
      `Token-B: ${tokenB}`,
    ])
  const baseId = quoteId === tokenA ? tokenB : tokenA
  const ticker = (id: string) =>
    (id === tokenA ? tagValue(tags, 'Token-A-Ticker') : tagValue(tags, 'Token-B-Ticker')) ?? id.slice(0, 6)
  const denom = (id: string, key: string) => Number(meta[key] ?? (id ? 12 : 12))
  const int = (v: string | undefined, d: number) => (v !== undefined && /^\d+$/.test(v) ? Number(v) : d)
  return {
    pool: header.processId,
    poolOwner: proc.owner.address,
    tokenA,
    tokenB,
    base: { id: baseId, ticker: ticker(baseId), denomination: denom(baseId, 'baseDenomination') },
    quote: { id: quoteId, ticker: ticker(quoteId), denomination: denom(quoteId, 'quoteDenomination') },
    lpFeeBps: int(tagValue(tags, 'Fee-Bps'), 25),
    protocolFeeBps: int(tagValue(tags, 'Protocol-Fee-Bps'), 0),
    factory: tagValue(tags, 'AMM-Factory'),
    spawnTimestamp: proc.timestamp,
    spawnHeight: proc.block,
  }
}
