import type { AosProcess } from '../../ao/AosProcess.ts'
import { makeId } from '../../ao/ids.ts'
import type { AoProcessLike } from '../../ao/message.ts'
import type { BotegaPoolModel } from '../../models/BotegaPoolModel.ts'
import type { MarketInfo } from './marketInfo.ts'

export interface Reserves {
  a: bigint
  b: bigint
}

/** One pool implementation (aos Lua or TS model) behind the calls the market replay needs. */
export interface PoolAdapter {
  readonly process: AoProcessLike
  reserves(at: { timestamp: number; blockHeight: number }): Promise<Reserves>
  /** Overwrites the reserves (anchored mode): the pool's curve state becomes the recorded one. */
  setReserves(r: Reserves, at: { timestamp: number; blockHeight: number }): Promise<void>
}

let q = 0

/** The reference Lua pool on aos: reserves are read and set with owner Evals (no messages to other processes). */
export function luaPool(p: AosProcess, m: MarketInfo): PoolAdapter {
  return {
    process: p,
    async reserves(at) {
      const out = await p.eval(`return Reserves['${m.tokenA}'] .. ',' .. Reserves['${m.tokenB}']`, {
        id: makeId(`${p.id}:r:${q++}`),
        ...at,
      })
      const [a, b] = out.split(',')
      return { a: BigInt(a), b: BigInt(b) }
    },
    async setReserves(r, at) {
      await p.eval(`Reserves['${m.tokenA}'] = '${r.a}'; Reserves['${m.tokenB}'] = '${r.b}'`, {
        id: makeId(`${p.id}:s:${q++}`),
        ...at,
      })
    },
  }
}

/** The TS pool model: direct state access. */
export function modelPool(p: BotegaPoolModel): PoolAdapter {
  return {
    process: p,
    async reserves() {
      return p.reserves
    },
    async setReserves(r) {
      // The model's curve state is two numbers; setting them is what anchoring means (LP accounting is untouched).
      const s = (p as unknown as { state: { reserveA: bigint; reserveB: bigint } }).state
      s.reserveA = r.a
      s.reserveB = r.b
    },
  }
}
