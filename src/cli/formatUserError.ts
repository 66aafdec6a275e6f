import type { BaseError } from '../errors/BaseError.ts'

/**
 * How a user's mistake is printed: `error: <one line>`, then the error's hints indented, then its details. The
 * version line and stack are left out (they are for bug reports; exit 70 prints them).
 */
export function formatUserError(err: BaseError): string {
  const lines = [`error: ${err.shortMessage}`]
  for (const m of err.metaMessages) lines.push(m === '' ? '' : `  ${m}`)
  if (err.details && !err.shortMessage.includes(err.details)) lines.push(`  details: ${err.details}`)
  return `${lines.join('\n')}\n`
}
