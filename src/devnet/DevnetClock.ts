import { wallClock } from '../ao/wallClock.ts'

/** Options for the devnet's clock. */
export interface DevnetClockOptions {
  /** Timestamp (ms) of devnet start. Default: the host clock. */
  start?: number
  /** `wall`: time follows the host clock (plus `advance`s). `manual`: time only moves with `advance`. Default `wall`. */
  mode?: 'wall' | 'manual'
  /** Arweave height at `start`. Blocks are 2 minutes apart. */
  startHeight?: number
}

const BLOCK_MS = 120_000

/**
 * SU time for the devnet. Assignment timestamps are strictly increasing (two messages never share a millisecond, so
 * timestamp paging on the SU API cannot skip one), and tests can jump forward (`advance`) to cross note expiries or
 * cron intervals without sleeping.
 */
export class DevnetClock {
  readonly start: number
  readonly startHeight: number
  private readonly mode: 'wall' | 'manual'
  private readonly realStart = wallClock()
  private offset = 0
  private last = 0

  constructor(o: DevnetClockOptions = {}) {
    this.start = o.start ?? wallClock()
    this.mode = o.mode ?? 'wall'
    this.startHeight = o.startHeight ?? 1_600_000
  }

  /** Current devnet time (ms), not consumed. */
  now(): number {
    return Math.max(this.raw(), this.last)
  }

  private raw(): number {
    const elapsed = this.mode === 'wall' ? wallClock() - this.realStart : 0
    return this.start + elapsed + this.offset
  }

  /** A fresh, strictly increasing timestamp for an assignment. */
  stamp(): number {
    const t = Math.max(this.now(), this.last + 1)
    this.last = t
    return t
  }

  /** Moves devnet time forward by `ms` from now (stamps may have run ahead of the raw clock). */
  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0)
      throw new RangeError(`advance(ms) needs a non-negative number, got ${ms}`)
    const raw = this.raw()
    this.offset += Math.max(raw, this.last) - raw + ms
  }

  blockHeight(timestamp: number): number {
    return this.startHeight + Math.floor((timestamp - this.start) / BLOCK_MS)
  }
}
