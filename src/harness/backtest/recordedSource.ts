import type { AoMessage } from '../../ao/message.ts'
import type { LogRecord } from '../log/openLog.ts'
import { recordedSwap } from '../market/recordedSwaps.ts'

/** Counters the replay keeps while streaming the log (constant memory: two numbers per token). */
export interface SourceStats {
  /** logged messages handed to the world */
  done: number
  /** timestamp of the last one */
  lastT: number
  /** true once the log (or `maxEvents`) is exhausted */
  exhausted: boolean
  swaps: number
  volumeIn: Map<string, bigint>
}

/**
 * Turns the log's record stream into the world's external source: skips the spawn item, stops at `maxEvents`,
 * marks each message as recorded (anchored mode), counts recorded swaps and reports progress.
 */
export function recordedSource(p: {
  first: AoMessage
  records: AsyncGenerator<LogRecord>
  maxEvents?: number
  markRecorded: (m: AoMessage) => void
  onProgress?: (done: number) => void
}): { source: AsyncGenerator<AoMessage>; stats: SourceStats } {
  const stats: SourceStats = {
    done: 0,
    lastT: p.first.Timestamp,
    exhausted: false,
    swaps: 0,
    volumeIn: new Map(),
  }
  const take = (m: AoMessage) => {
    stats.done++
    stats.lastT = m.Timestamp
    const s = recordedSwap(m)
    if (s) {
      stats.swaps++
      stats.volumeIn.set(s.tokenIn, (stats.volumeIn.get(s.tokenIn) ?? 0n) + s.amountIn)
    }
    p.markRecorded(m)
    if (stats.done % 500 === 0) p.onProgress?.(stats.done)
    return m
  }
  const source = (async function* () {
    try {
      yield take(p.first)
      for await (const r of { [Symbol.asyncIterator]: () => p.records }) {
        if (r.spawn) continue
        if (p.maxEvents !== undefined && stats.done >= p.maxEvents) return
        yield take(r.message)
      }
    } finally {
      stats.exhausted = true
    }
  })()
  return { source, stats }
}
