import type { TokenMeta } from '../report/types.ts'

const BPS = 10_000n

/** One asset of a multi-pool market the baseline may hold: its token and the pool that prices it. */
export interface BaselineAsset {
  token: TokenMeta
  pool: string
}

/** What the buy-and-hold baseline buys with each deposit: bps of it per asset (the rest stays in the numeraire). */
export interface BaselineAllocation {
  weights: Array<{ token: string; bps: bigint }>
  /** says what the baseline holds, shown in the reports */
  label: string
}

const pct = (bps: bigint) => {
  const s = (bps * 100n).toString().padStart(5, '0')
  const whole = s.slice(0, -4).replace(/^0+(?=\d)/, '')
  const frac = s.slice(-4).replace(/0+$/, '')
  return `${whole}${frac ? `.${frac}` : ''} %`
}

const intOf = (v: unknown): bigint | undefined =>
  typeof v === 'bigint'
    ? v
    : typeof v === 'number' && Number.isSafeInteger(v)
      ? BigInt(v)
      : typeof v === 'string' && /^[0-9]{1,6}$/.test(v)
        ? BigInt(v)
        : undefined

/** Every string in the params (list items and records included), in key order. */
function strings(v: unknown, out: string[] = []): string[] {
  if (typeof v === 'string') out.push(v)
  else if (Array.isArray(v)) for (const x of v) strings(x, out)
  else if (v !== null && typeof v === 'object')
    for (const k of Object.keys(v).sort()) strings((v as Record<string, unknown>)[k], out)
  return out
}

/** The first list param (by name) of `{ token, weightBps }` records naming market assets, summing to at most 100 %. */
function targetWeights(params: Record<string, unknown>, assets: readonly BaselineAsset[]) {
  for (const k of Object.keys(params).sort()) {
    const list = params[k]
    if (!Array.isArray(list) || list.length === 0) continue
    const ws = list.map((x) => {
      const r = (x ?? {}) as Record<string, unknown>
      const asset = assets.find((a) => a.token.id === r.token)
      const bps = intOf(r.weightBps)
      return asset && bps !== undefined ? { asset, bps } : undefined
    })
    if (ws.some((w) => w === undefined)) continue
    const ok = ws as Array<{ asset: BaselineAsset; bps: bigint }>
    const sum = ok.reduce((s, w) => s + w.bps, 0n)
    if (sum > BPS || new Set(ok.map((w) => w.asset.token.id)).size !== ok.length) continue
    return { name: k, weights: ok, rest: BPS - sum }
  }
  return undefined
}

/**
 * What a trader compares a multi-pool agent with: buy and hold of what it sets out to hold, bought at spot with each
 * deposit and never traded again.
 * 1. The agent's target weights, when a list param holds `{ token, weightBps }` records of the market's assets (an
 *    index rebalancer): each deposit buys those weights, the rest (if they sum below 100 %) stays in the numeraire.
 * 2. Otherwise the market assets the params name (a token or a pool id anywhere in them): two or more are bought in
 *    equal parts (bps floored, the first assets take the remainder).
 * 3. Otherwise the one asset the params name, or else the primary asset (the agent's pool's), as in a single-pool
 *    run.
 */
export function baselineAllocation(
  params: Record<string, unknown>,
  assets: readonly BaselineAsset[],
  numeraire: TokenMeta,
  primary: TokenMeta,
): BaselineAllocation {
  const target = targetWeights(params, assets)
  if (target) {
    const parts = target.weights.map((w) => `${w.asset.token.ticker} ${pct(w.bps)}`).join(', ')
    const rest = target.rest > 0n ? `; the other ${pct(target.rest)} kept in ${numeraire.ticker}` : ''
    return {
      weights: target.weights.map((w) => ({ token: w.asset.token.id, bps: w.bps })),
      label: `the agent's target weights (params.${target.name}: ${parts}${rest}) bought with each deposit, never rebalanced`,
    }
  }
  const named = new Set(strings(params))
  const held = assets.filter((a) => named.has(a.token.id) || named.has(a.pool))
  if (held.length >= 2) {
    const n = BigInt(held.length)
    const each = BPS / n
    const extra = BPS % n
    return {
      weights: held.map((a, i) => ({ token: a.token.id, bps: each + (BigInt(i) < extra ? 1n : 0n) })),
      label: `${held.map((a) => a.token.ticker).join(', ')} in equal parts (the assets the params name) bought with each deposit`,
    }
  }
  const only = held[0]?.token ?? primary
  return { weights: [{ token: only.id, bps: BPS }], label: `${only.ticker} bought with each deposit` }
}
