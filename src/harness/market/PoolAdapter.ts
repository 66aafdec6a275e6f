import type { AosProcess } from '../../ao/AosProcess.ts'
import { makeId } from '../../ao/ids.ts'
import type { AoProcessLike } from '../../ao/message.ts'
import { BacktestConfigError } from '../../errors/harness.ts'
import type { BotegaPoolModel } from '../../models/BotegaPoolModel.ts'
import { getReservesRequest, getReservesResponse } from '../../protocols/botega.ts'
import { encodeMessage } from '../../protocols/encodeMessage.ts'
import { parseMessage } from '../../protocols/parseMessage.ts'
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

/** Who asks a pool for its reserves in a backtest (never a process of the world: the question is a dry-run). */
const READER = makeId('afk:reserves-reader')

/**
 * Any Botega-compatible pool on aos (our reference pool, or the code a log's spawn item carries): reserves are read
 * through the protocol, a `Get-Reserves` dry-run answered by the process itself (its state is left untouched), so
 * nothing depends on the pool's internal globals. Setting reserves (anchored mode) needs our reference pool.
 */
export function luaPool(
  p: AosProcess,
  m: MarketInfo,
  o: { reference: boolean } = { reference: true },
): PoolAdapter {
  const reply = getReservesResponse(m.tokenA, m.tokenB)
  return {
    process: p,
    async reserves(at) {
      const res = await p.dryrun({
        Id: makeId(`${p.id}:r:${q++}`),
        Owner: READER,
        From: READER,
        Target: p.id,
        Data: '',
        Tags: encodeMessage(getReservesRequest, {}),
        Timestamp: at.timestamp,
        'Block-Height': at.blockHeight,
        Cron: false,
      })
      const answer = res.Messages.find((x) => x.Target === READER)
      if (res.Error !== undefined || !answer)
        throw new BacktestConfigError(`The pool process ${p.id} did not answer Get-Reserves`, [
          res.Error !== undefined ? `Error: ${String(res.Error).slice(0, 300)}` : 'It sent no reply.',
          'afk replays Botega-compatible pools; a pool that does not answer Get-Reserves cannot be priced.',
        ])
      const r = parseMessage(reply, answer, { process: p.id })
      return { a: r.reserveA, b: r.reserveB }
    },
    async setReserves(r, at) {
      if (!o.reference)
        throw new BacktestConfigError(
          `Anchored mode cannot set the reserves of the pool code recorded in the log (${p.id})`,
          ['Use --market reexecute, or --processes model to replace the recorded code with afk’s model.'],
        )
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
