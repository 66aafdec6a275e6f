/**
 * @permaweb/ao-loader replaces `Date.now`, `performance.now` and `process.hrtime` process-wide with a counter when
 * an aos module is instantiated (determinism inside aos). Host code that measures real time (benchmarks, progress,
 * timeouts) uses these originals, captured before any aos module loads.
 */
const perfNow = performance.now.bind(performance)
const dateNow = Date.now.bind(Date)

export const hostClock = {
  /** wall-clock ms since the epoch */
  now: (): number => dateNow(),
  /** high-resolution ms for measuring durations */
  perf: (): number => perfNow(),
}
