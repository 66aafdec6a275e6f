/**
 * The host's wall clock in ms. `@permaweb/ao-loader` replaces `Date.now`, `performance.now` and `process.hrtime`
 * process-wide with a deterministic counter (starting at 10000) as soon as an aos module is instantiated, so code that
 * shares a process with aos instances must not use them for real time; the `Date` constructor is left alone.
 */
export function wallClock(): number {
  return new Date().getTime()
}
