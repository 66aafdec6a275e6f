/**
 * Most points a series keeps in the report (JSON samples and events, HTML chart series). Longer runs are thinned so
 * that the report and the memory that builds it stay bounded; every metric is still computed from the full series.
 */
export const REPORT_MAX_POINTS = 2048

/**
 * The stride `downsample` uses for `n` points: the smallest power of two that leaves at most `max` points (the
 * last point included). Powers of two are what fixed-size buckets that merge pairwise when full would give, so a
 * longer run of the same prefix thins it the same way.
 */
export function downsampleStride(n: number, max: number = REPORT_MAX_POINTS): number {
  if (!Number.isInteger(max) || max < 2)
    throw new RangeError(`downsample: max must be an integer ≥ 2, got ${max}`)
  let stride = 1
  while (Math.ceil(n / stride) + 1 > max && n > max) stride *= 2
  return stride
}

/**
 * Deterministic thinning: every `stride`-th item from the first, plus the last one. A series of at most `max` items
 * is returned as it is (same array), so small reports do not change.
 */
export function downsample<T>(items: readonly T[], max: number = REPORT_MAX_POINTS): readonly T[] {
  if (items.length <= max) return items
  const stride = downsampleStride(items.length, max)
  const out: T[] = []
  for (let i = 0; i < items.length; i += stride) out.push(items[i])
  if ((items.length - 1) % stride !== 0) out.push(items[items.length - 1])
  return out
}

/**
 * `downsample(items.slice(start))` as a new array, without copying the whole tail first (a long run's samples may
 * be a packed view whose every read decodes a sample).
 */
export function downsampleFrom<T>(items: readonly T[], start: number, max: number = REPORT_MAX_POINTS): T[] {
  const n = items.length - start
  const stride = n > max ? downsampleStride(n, max) : 1
  const out: T[] = []
  for (let i = 0; i < n; i += stride) out.push(items[start + i])
  if (n > 0 && (n - 1) % stride !== 0) out.push(items[items.length - 1])
  return out
}
