/**
 * @permaweb/ao-loader replaces `Date.now`, `performance.now` and `process.hrtime` process-wide with a counter when
 * an aos module is instantiated (determinism inside aos). Host code that measures real time (benchmarks, progress,
 * timeouts) uses these instead. The `Date` constructor is left alone, so wall time is always right; the
 * high-resolution clock is captured when this module first loads (every entry point imports it before aos).
 */
const perfNow = performance.now.bind(performance)

export const hostClock = {
  /** wall-clock ms since the epoch */
  // biome-ignore lint/complexity/useDateNow: Date.now is patched by ao-loader
  now: (): number => new Date().getTime(),
  /** high-resolution ms for measuring durations */
  perf: (): number => perfNow(),
}
