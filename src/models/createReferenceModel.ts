import type { AoProcessLike, Tag } from '../ao/message.ts'
import { ModelConfigError } from '../errors/protocol.ts'
import type { ReferenceProcessName } from '../processes/referenceProcess.ts'
import { BotegaFactoryModel } from './BotegaFactoryModel.ts'
import { BotegaPoolModel } from './BotegaPoolModel.ts'
import { PermaswapPoolModel } from './PermaswapPoolModel.ts'
import { PermaswapSettleModel } from './PermaswapSettleModel.ts'
import { SignalModel } from './SignalModel.ts'
import { TokenModel } from './TokenModel.ts'

export interface CreateReferenceModelParameters {
  id: string
  owner: string
  /** The same process tags `spawnReferenceProcess` would get (Token-A, Fee-Bps, X, Settle, …). */
  tags?: Tag[] | Record<string, string>
  authorities?: string[]
}

/** Lua `math.tointeger(tonumber(v))` for a tag value, else a typed error naming the tag. */
function intTag(tags: Map<string, string>, name: string, fallback: number, model: string): number {
  const v = tags.get(name)
  if (v === undefined || v === '') return fallback
  const n = Number(v)
  if (!/^\s*-?[0-9]+\s*$/.test(v) || !Number.isSafeInteger(n))
    throw new ModelConfigError(`Process tag ${name} must be an integer, got "${v}".`, { model })
  return n
}

/**
 * The TS model of a reference process, configured from the same spawn tags the Lua reads, so a scenario can run on
 * aos (`spawnReferenceProcess`) or on models (this) without a second configuration. Unknown tags are ignored, as
 * the Lua ignores them.
 */
export function createReferenceModel(
  name: ReferenceProcessName,
  p: CreateReferenceModelParameters,
): AoProcessLike {
  const list = Array.isArray(p.tags)
    ? p.tags
    : Object.entries(p.tags ?? {}).map(([n, value]) => ({ name: n, value }))
  const tags = new Map<string, string>()
  for (const t of list) if (!tags.has(t.name)) tags.set(t.name, t.value)
  const get = (n: string) => (tags.get(n) === '' ? undefined : tags.get(n))
  const base = { id: p.id, owner: p.owner, authorities: p.authorities }
  const model = `${name} ${p.id}`
  switch (name) {
    case 'token':
      return new TokenModel({
        ...base,
        name: get('Name'),
        ticker: get('Ticker'),
        denomination: intTag(tags, 'Denomination', 12, model),
        logo: get('Logo'),
      })
    case 'botega_pool':
      return new BotegaPoolModel({
        ...base,
        tokenA: get('Token-A') ?? '',
        tokenB: get('Token-B') ?? '',
        lpFeeBps: intTag(tags, 'Fee-Bps', 25, model),
        protocolFeeBps: intTag(tags, 'Protocol-Fee-Bps', 0, model),
        feeCollector: get('Fee-Collector'),
        factory: get('AMM-Factory'),
        name: get('Name'),
      })
    case 'botega_factory':
      return new BotegaFactoryModel(base)
    case 'permaswap_pool':
      return new PermaswapPoolModel({
        ...base,
        x: get('X') ?? '',
        y: get('Y') ?? '',
        settle: get('Settle') ?? '',
        feeBps: intTag(tags, 'Fee', 30, model),
        timeoutPeriod: intTag(tags, 'TimeoutPeriod', 90_000, model),
        name: get('Name'),
      })
    case 'permaswap_settle':
      return new PermaswapSettleModel(base)
    case 'signal':
      return new SignalModel(base)
  }
}
