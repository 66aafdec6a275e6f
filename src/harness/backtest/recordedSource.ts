import { isUnbuilt, type SourceMessage } from '../../ao/directApply.ts'
import type { LogLocation } from '../../errors/harness.ts'
import { CachedMessage, type CachedRecord, type CompactRecord, type SwapSummary } from '../log/recordFrame.ts'
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

type Records = AsyncIterator<CompactRecord> | Iterator<CompactRecord | CachedRecord>

/**
 * The log's record stream as the world's external source: skips the spawn item, stops at `maxEvents`, marks each
 * message as recorded (anchored mode), counts recorded swaps and reports progress. Over a synchronous record stream
 * (the record cache) `next()` answers synchronously, so the world's step needs no promise for it.
 */
class RecordedSource implements Iterator<SourceMessage> {
  private first: { m: SourceMessage; at: { location?: LogLocation } } | undefined
  constructor(
    private readonly p: {
      records: Records
      maxEvents?: number
      markRecorded: (m: Pick<SourceMessage, 'Id'>) => void
      onProgress?: (done: number) => void
    },
    readonly stats: SourceStats,
    first: SourceMessage,
    firstAt: LogLocation | undefined,
  ) {
    this.first = { m: first, at: { location: firstAt } }
  }

  // a sync Iterator's shape; a promise (typed loosely, as the world reads it) when the records are read async
  next(): IteratorResult<SourceMessage> {
    if (this.first) {
      const f = this.first
      this.first = undefined
      return { done: false, value: this.take(f.m, f.at) }
    }
    return this.pull() as IteratorResult<SourceMessage>
  }

  private pull(): IteratorResult<SourceMessage> | Promise<IteratorResult<SourceMessage>> {
    for (;;) {
      if (this.stats.exhausted) return DONE
      if (this.p.maxEvents !== undefined && this.stats.done >= this.p.maxEvents) return this.end()
      const r = this.p.records.next()
      if (typeof (r as { then?: unknown }).then === 'function')
        return (r as Promise<IteratorResult<CompactRecord>>).then((x) => this.got(x) ?? this.pull())
      const got = this.got(r as IteratorResult<CompactRecord>)
      if (got) return got
    }
  }

  /** the message of a record, undefined for the spawn item (skipped) */
  private got(r: IteratorResult<CompactRecord | CachedRecord>): IteratorResult<SourceMessage> | undefined {
    if (r.done) return this.end()
    const rec = r.value
    if (rec.spawn) return undefined
    return { done: false, value: this.take(rec.message, rec) }
  }

  private end(): IteratorResult<SourceMessage> {
    if (!this.stats.exhausted) {
      this.stats.exhausted = true
      this.p.records.return?.()
    }
    return DONE
  }

  /** `rec.location` is read only for the first unusable swap (a cached record decodes it on demand) */
  private take(m: SourceMessage, rec: { readonly location?: LogLocation }): SourceMessage {
    const stats = this.stats
    stats.done++
    stats.lastT = m.Timestamp
    // a cached swap's input without its summary object (one per recorded swap otherwise)
    const amount = m instanceof CachedMessage ? m.swapAmount() : undefined
    if (amount !== undefined) {
      stats.swaps++
      stats.volumeIn.set(m.From, (stats.volumeIn.get(m.From) ?? 0n) + amount)
      return this.taken(m)
    }
    const r = summary(m)
    if (r && 'tokenIn' in r) {
      stats.swaps++
      stats.volumeIn.set(r.tokenIn, (stats.volumeIn.get(r.tokenIn) ?? 0n) + r.amountIn)
    } else if (r) {
      const where = rec.location
      stats.unusable ??= {
        count: 0,
        first: where ? `${where.file}:${where.line}` : `message ${m.Id}`,
        reason: r.unusable,
      }
      stats.unusable.count++
    }
    return this.taken(m)
  }

  private taken(m: SourceMessage): SourceMessage {
    this.p.markRecorded(m)
    if (this.stats.done % 500 === 0) this.p.onProgress?.(this.stats.done)
    return m
  }
}

const DONE: IteratorResult<SourceMessage> = { done: true, value: undefined }

/** The recorded swap a message carries: stored with a cached record, else read from its tags. */
function summary(m: SourceMessage): SwapSummary {
  if (m instanceof CachedMessage) return m.swapSummary()
  const r = readRecordedSwap(isUnbuilt(m) ? m.build() : m)
  return r && 'swap' in r ? { tokenIn: r.swap.tokenIn, amountIn: r.swap.amountIn } : r
}

/**
 * Turns the log's record stream into the world's external source: skips the spawn item, stops at `maxEvents`,
 * marks each message as recorded (anchored mode), counts recorded swaps and reports progress.
 */
export function recordedSource(p: {
  first: SourceMessage
  /** where the first message is in the log */
  firstAt?: LogLocation
  records: Records
  maxEvents?: number
  markRecorded: (m: Pick<SourceMessage, 'Id'>) => void
  onProgress?: (done: number) => void
}): { source: Iterator<SourceMessage>; stats: SourceStats } {
  const stats: SourceStats = {
    done: 0,
    lastT: p.first.Timestamp,
    exhausted: false,
    swaps: 0,
    volumeIn: new Map(),
  }
  return { source: new RecordedSource(p, stats, p.first, p.firstAt), stats }
}
