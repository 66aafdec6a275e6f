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
  /** true when neither the log header nor the caller gave a denomination and 12 was assumed */
  denominationAssumed: boolean
}

/** The denomination assumed when neither the log header nor the caller names one (AO tokens commonly use 12). */
export const ASSUMED_DENOMINATION = 12

export interface MarketInfoOptions {
  /** the pool token treated as quote */
  quoteToken?: string
  /** decimals of the base / quote token when the log header does not say */
  baseDenomination?: number
  quoteDenomination?: number
}

/**
 * A token's denomination from header meta: `denomination:<token id>`, else the `baseDenomination`/
 * `quoteDenomination` keys written by `afk synth` next to `base`/`quote` (matched by token id, not by role, so
 * choosing the other token as quote does not swap them).
 */
export function metaDenomination(meta: Record<string, string>, id: string): number | undefined {
  const v =
    meta[`denomination:${id}`] ??
    (id === meta.base ? meta.baseDenomination : id === meta.quote ? meta.quoteDenomination : undefined)
  if (v === undefined) return undefined
  if (!/^\d{1,2}$/.test(v))
    throw new BacktestConfigError(`The log header gives token ${id} the denomination "${v}" (0..99 expected)`)
  return Number(v)
}

/**
 * Reads a Botega pool log's header: tokens from the spawn tags `Token-A`/`Token-B` (tickers from `Token-*-Ticker`),
 * fees from `Fee-Bps`/`Protocol-Fee-Bps`. By default Token-A is the base; header meta `base`/`quote` (written by
 * `afk synth`) or `quoteToken` override it. Denominations come from the header meta (`metaDenomination`), else from
 * the options; when neither knows, 12 is assumed and `denominationAssumed` is set (callers warn).
 */
export function marketInfo(header: LogHeader, o: MarketInfoOptions = {}): MarketInfo {
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
  let assumed = false
  const denom = (id: string, given: number | undefined, flag: string) => {
    if (given !== undefined && (!Number.isInteger(given) || given < 0 || given > 99))
      throw new BacktestConfigError(`--${flag} must be an integer 0..99, got ${given}`)
    const fromLog = metaDenomination(meta, id)
    if (fromLog !== undefined && given !== undefined && fromLog !== given)
      throw new BacktestConfigError(
        `--${flag} ${given} contradicts the log header, which gives token ${id} denomination ${fromLog}`,
      )
    const d = fromLog ?? given
    if (d !== undefined) return d
    assumed = true
    return ASSUMED_DENOMINATION
  }
  const baseDenomination = denom(baseId, o.baseDenomination, 'base-denomination')
  const quoteDenomination = denom(quoteId, o.quoteDenomination, 'quote-denomination')
  const int = (v: string | undefined, d: number) => (v !== undefined && /^\d+$/.test(v) ? Number(v) : d)
  const lpFeeBps = int(tagValue(tags, 'Fee-Bps'), 25)
  const protocolFeeBps = int(tagValue(tags, 'Protocol-Fee-Bps'), 0)
  // the bound the pool asserts at boot (botega_pool.lua), checked before anything is spawned
  if (lpFeeBps + protocolFeeBps >= 10_000)
    throw new BacktestConfigError(
      `The pool in the log has fees of ${lpFeeBps} + ${protocolFeeBps} bps; a Botega pool needs their sum below 10000`,
    )
  return {
    pool: header.processId,
    poolOwner: proc.owner.address,
    tokenA,
    tokenB,
    base: { id: baseId, ticker: ticker(baseId), denomination: baseDenomination },
    quote: { id: quoteId, ticker: ticker(quoteId), denomination: quoteDenomination },
    lpFeeBps,
    protocolFeeBps,
    factory: tagValue(tags, 'AMM-Factory'),
    spawnTimestamp: proc.timestamp,
    spawnHeight: proc.block,
    denominationAssumed: assumed,
  }
}
