const PAGE = 65536

/**
 * A reusable copy of a wasm heap, kept page by page. aos heaps are ~110 MB of which a few MB are ever non-zero (the
 * 64 MB stack region and the top of the heap stay zero), so `capture` compares each 64 KiB page with zeros (native
 * memcmp) and copies only non-zero pages into a buffer allocated once; `restoreInto` writes back exactly those and
 * zeroes the rest. The copy is always byte-identical to the heap it captured.
 */
export class PageCopy {
  private buf = new Uint8Array(0)
  /** 1 where the captured page is non-zero (and so present in `buf`) */
  private nonZero = new Uint8Array(0)
  private static readonly zero = Buffer.alloc(PAGE)
  /** Bytes of pages copied by the last capture (for benchmarks and tests). */
  lastCopied = 0

  get byteLength(): number {
    return this.buf.byteLength
  }

  capture(heap: ArrayBuffer): void {
    const src = Buffer.from(heap)
    if (this.buf.byteLength !== src.byteLength) {
      // first capture, or the heap grew: the only allocation
      this.buf = new Uint8Array(src.byteLength)
      this.nonZero = new Uint8Array(Math.ceil(src.byteLength / PAGE))
    }
    let copied = 0
    for (let p = 0, i = 0; p < src.byteLength; p += PAGE, i++) {
      const end = Math.min(p + PAGE, src.byteLength)
      if (src.compare(PageCopy.zero, 0, end - p, p, end) === 0) {
        if (this.nonZero[i]) {
          this.buf.fill(0, p, end)
          this.nonZero[i] = 0
        }
      } else {
        this.buf.set(src.subarray(p, end), p)
        this.nonZero[i] = 1
        copied += end - p
      }
    }
    this.lastCopied = copied
  }

  /** Writes the captured heap into `heap` (at least as large; bytes beyond the capture are zeroed). */
  restoreInto(heap: ArrayBuffer): void {
    const dst = Buffer.from(heap)
    if (dst.byteLength < this.buf.byteLength) throw new Error('PageCopy: heap smaller than the captured one')
    for (let p = 0, i = 0; p < this.buf.byteLength; p += PAGE, i++) {
      const end = Math.min(p + PAGE, this.buf.byteLength)
      if (this.nonZero[i]) dst.set(this.buf.subarray(p, end), p)
      else if (dst.compare(PageCopy.zero, 0, end - p, p, end) !== 0) dst.fill(0, p, end)
    }
    if (dst.byteLength > this.buf.byteLength) dst.fill(0, this.buf.byteLength)
  }

  /** A plain full copy of the captured heap. */
  toBytes(): Uint8Array {
    return this.buf.slice()
  }
}
