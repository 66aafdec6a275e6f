import { hostClock } from './hostClock.ts'

/**
 * The host's wall clock in ms. `@permaweb/ao-loader` replaces `Date.now`, `performance.now` and `process.hrtime`
 * process-wide as soon as an aos module is instantiated, so code that shares a process with aos must not use them.
 */
export function wallClock(): number {
  return hostClock.now()
}
