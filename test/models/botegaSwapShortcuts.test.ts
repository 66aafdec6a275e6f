import { describe, expect, it } from 'vitest'
import { addAmount, ceilDiv, MAX_AMOUNT, mulAmount } from '../../src/models/amount.ts'
import { BotegaSwapError, botegaSwap } from '../../src/models/botegaSwap.ts'
import { BOTEGA_ERRORS } from '../../src/protocols/botega.ts'

// botegaSwap takes shortcuts for the usual inputs (reserves below 2^127: the output as ⌊R_out·a/(R_in + a)⌋; no
// protocol fee: the LP fee is the whole fee). Each must give what the documented rule gives, refusals included,
// for every input, and a rule one step off must be told apart.
type Rule = (rin: bigint, rout: bigint, amountIn: bigint, lp: number, pf: number) => unknown

/** the documented rule, term by term, with the general integer helpers (the Lua twin's order of checks) */
const documented =
  (ceil: (a: bigint, b: bigint) => bigint = ceilDiv): Rule =>
  (rin, rout, amountIn, lp, pf) => {
    if (rin === 0n || rout === 0n) throw new BotegaSwapError(BOTEGA_ERRORS.emptyReserves)
    const total = lp + pf
    const adjustedIn = mulAmount(amountIn, BigInt(10000 - total)) / 10000n
    const totalFee = amountIn - adjustedIn
    const lpFee =
      total > 0 ? mulAmount(totalFee, BigInt(Math.floor((100 * lp + total - 1) / total))) / 100n : 0n
    const k = mulAmount(rin, rout)
    const amountOut = rout - ceil(k, addAmount(rin, adjustedIn))
    if (amountOut === 0n) throw new BotegaSwapError(BOTEGA_ERRORS.noLiquidity)
    if (amountOut >= rout) throw new BotegaSwapError(BOTEGA_ERRORS.drain)
    return {
      amountOut,
      adjustedIn,
      lpFee,
      protocolFee: totalFee - lpFee,
      totalFee,
      newReserveIn: addAmount(addAmount(rin, adjustedIn), lpFee),
      newReserveOut: rout - amountOut,
    }
  }

const outcome = (f: Rule, c: Case) => {
  try {
    return JSON.stringify(f(...c), (_k, v) => (typeof v === 'bigint' ? String(v) : v))
  } catch (e) {
    return `${(e as Error).name}: ${(e as Error).message}`
  }
}

type Case = [bigint, bigint, bigint, number, number]

function cases(): Case[] {
  let x = 0x2545f4914f6cdd1dn
  const rnd = (bits: number) => {
    let v = 0n
    for (let i = 0; i < bits; i += 64) {
      x = (x * 6364136223846793005n + 1442695040888963407n) & ((1n << 64n) - 1n)
      v = (v << 64n) | x
    }
    return v & ((1n << BigInt(bits)) - 1n)
  }
  const H = 1n << 127n
  const fees: [number, number][] = [
    [25, 0],
    [20, 5],
    [0, 30],
    [0, 0],
    [10, 20],
    [9999, 0],
  ]
  const out: Case[] = []
  const edges = [0n, 1n, 2n, 1000n, H - 1n, H, H + 1n, MAX_AMOUNT / 2n, MAX_AMOUNT, -5n]
  for (const [lp, pf] of fees) {
    for (const r of edges)
      for (const s of edges) out.push([r, s, 10n ** 18n, lp, pf], [10n ** 21n, s, r, lp, pf])
    for (let i = 0; i < 150; i++) {
      const bits = 8 + ((i * 37) % 250)
      out.push([rnd(bits) + 1n, rnd(8 + ((i * 53) % 250)) + 1n, rnd(1 + ((i * 11) % 256)), lp, pf])
    }
  }
  // a fee at the edge of what T·100 may be, and negative inputs that only the general rule handles
  out.push([10n ** 21n, 10n ** 21n, MAX_AMOUNT, 25, 0], [10n ** 21n, 10n ** 21n, MAX_AMOUNT / 100n, 9999, 0])
  out.push([-(10n ** 21n), 10n ** 21n, 10n ** 18n, 25, 0], [10n ** 21n, 10n ** 21n, -(10n ** 18n), 25, 0])
  return out
}

describe('botegaSwap shortcuts', () => {
  it('give what the documented rule gives, refusals included, for every input', () => {
    const diff = cases().filter((c) => outcome(botegaSwap, c) !== outcome(documented(), c))
    expect(diff).toEqual([])
  })

  it('planted drift: a rule that rounds the output the other way is told apart', () => {
    const floorDivision = (a: bigint, b: bigint) => a / b
    const diff = cases().filter((c) => outcome(botegaSwap, c) !== outcome(documented(floorDivision), c))
    expect(diff.length).toBeGreaterThan(0)
  })
})
