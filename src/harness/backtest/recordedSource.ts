import type { AoMessage } from '../../ao/message.ts'
import type { LogLocation } from '../../errors/harness.ts'
import type { CompactRecord } from '../log/recordCache.ts'
import { readRecordedSwap } from '../market/recordedSwaps.ts'

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
  /** swap notices that could not be used (bad Quantity, no Sender): counted, with the first one's place and reason */
  unusable?: { count: number; first: string; reason: string }
}

/**
 * Turns the log's record stream into the world's external source: skips the spawn item, stops at `maxEvents`,
 * marks each message as recorded (anchored mode), counts recorded swaps and reports progress.
 */
export function recordedSource(p: {
  first: AoMessage
  /** where the first message is in the log */
  firstAt?: LogLocation
  records: AsyncGenerator<CompactRecord>
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
  const take = (m: AoMessage, at?: LogLocation) => {
    stats.done++
    stats.lastT = m.Timestamp
    const r = readRecordedSwap(m)
    if (r && 'swap' in r) {
      const s = r.swap
      stats.swaps++
      stats.volumeIn.set(s.tokenIn, (stats.volumeIn.get(s.tokenIn) ?? 0n) + s.amountIn)
    } else if (r) {
      stats.unusable ??= {
        count: 0,
        first: at ? `${at.file}:${at.line}` : `message ${m.Id}`,
        reason: r.unusable,
      }
      stats.unusable.count++
    }
    p.markRecorded(m)
    if (stats.done % 500 === 0) p.onProgress?.(stats.done)
    return m
  }
  const source = (async function* () {
    try {
      yield take(p.first, p.firstAt)
      for await (const r of { [Symbol.asyncIterator]: () => p.records }) {
        if (r.spawn) continue
        if (p.maxEvents !== undefined && stats.done >= p.maxEvents) return
        yield take(r.message, r.location)
      }
    } finally {
      stats.exhausted = true
    }
  })()
  return { source, stats }
}
