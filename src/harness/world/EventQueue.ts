/** An entry of the world's global queue; ordered by (at, prio, seq). */
export interface Queued<T> {
  at: number
  /** lower runs first at the same millisecond (crons use 0, scheduled messages 1) */
  prio: number
  /** global insertion counter: FIFO among equals, which makes the order total and deterministic */
  seq: number
  item: T
}

/** A binary min-heap. O(log n) push/pop; the order is total, so runs are reproducible. */
export class EventQueue<T> {
  private heap: Queued<T>[] = []
  private nextSeq = 0
  private readonly free: Queued<T>[] = []

  get size(): number {
    return this.heap.length
  }

  push(at: number, prio: number, item: T): void {
    const e = this.free.pop() ?? { at, prio, seq: 0, item }
    e.at = at
    e.prio = prio
    e.seq = this.nextSeq++
    e.item = item
    const h = this.heap
    h.push(e)
    let i = h.length - 1
    while (i > 0) {
      const p = (i - 1) >> 1
      if (!less(h[i], h[p])) break
      ;[h[i], h[p]] = [h[p], h[i]]
      i = p
    }
  }

  /** Takes back a popped entry for a later push: the caller keeps no reference to it (a replay pushes ~5 per event). */
  release(e: Queued<T>): void {
    e.item = undefined as T
    if (this.free.length < 64) this.free.push(e)
  }

  peek(): Queued<T> | undefined {
    return this.heap[0]
  }

  pop(): Queued<T> | undefined {
    const h = this.heap
    if (h.length === 0) return undefined
    const top = h[0]
    const last = h.pop() as Queued<T>
    if (h.length > 0) {
      h[0] = last
      let i = 0
      for (;;) {
        const l = 2 * i + 1
        const r = l + 1
        let m = i
        if (l < h.length && less(h[l], h[m])) m = l
        if (r < h.length && less(h[r], h[m])) m = r
        if (m === i) break
        ;[h[i], h[m]] = [h[m], h[i]]
        i = m
      }
    }
    return top
  }
}

function less<T>(a: Queued<T>, b: Queued<T>): boolean {
  return a.at !== b.at ? a.at < b.at : a.prio !== b.prio ? a.prio < b.prio : a.seq < b.seq
}
