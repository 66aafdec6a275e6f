import { BaseError } from '../errors/BaseError.ts'
import { ExitError } from './ExitError.ts'

/**
 * Wraps a command action so that an expected failure (any afk error) prints exactly one line, `error: <short>`, and
 * exits 1 (`AFK_VERBOSE=1` adds the details). Real bugs still reach the CLI's internal-error path (exit 70).
 */
export function oneLine<A extends unknown[]>(
  fn: (...args: A) => Promise<void>,
): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await fn(...args)
    } catch (e) {
      if (e instanceof BaseError) {
        process.stderr.write(`error: ${e.shortMessage.replace(/\s*\n\s*/g, ' ')}\n`)
        // the rest (ids, the agent's error text, causes) on request
        if (process.env.AFK_VERBOSE) process.stderr.write(`${e.message}\n`)
        throw new ExitError(1)
      }
      throw e
    }
  }
}
