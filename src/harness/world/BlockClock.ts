/**
 * Arweave block height as a function of time. Recorded messages tell us real (timestamp, height) pairs; between
 * them heights advance linearly at `blockTimeMs` (Arweave targets ~2 minutes). Never goes backwards.
 */
export class BlockClock {
  private ts: number
  private height: number
  readonly blockTimeMs: number

  constructor(p: { timestamp: number; height: number; blockTimeMs?: number }) {
    this.ts = p.timestamp
    this.height = p.height
    this.blockTimeMs = p.blockTimeMs ?? 120_000
  }

  /**
   * Anchors the clock at a recorded (timestamp, height) when the record is ahead of the extrapolation (a new block
   * started). A record at or behind it changes nothing: heights already handed out must never go backwards.
   */
  observe(timestamp: number, height: number): void {
    if (timestamp < this.ts || height <= this.heightAt(timestamp)) return
    this.ts = timestamp
    this.height = height
  }

  heightAt(timestamp: number): number {
    if (timestamp <= this.ts) return this.height
    return this.height + Math.floor((timestamp - this.ts) / this.blockTimeMs)
  }

  /** The first millisecond at which `height` is reached according to the current anchor. */
  timeOf(height: number): number {
    if (height <= this.height) return this.ts
    return this.ts + (height - this.height) * this.blockTimeMs
  }
}
