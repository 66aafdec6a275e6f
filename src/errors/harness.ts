import { BaseError } from './BaseError.ts'

/** Where in a log something went wrong: file plus 1-based line (and byte offset when known). */
export interface LogLocation {
  file: string
  line: number
  offset?: number
}

function at(loc: LogLocation): string {
  return `${loc.file}:${loc.line}${loc.offset !== undefined ? ` (byte ${loc.offset})` : ''}`
}

/** A log line that is not valid JSON, is truncated, or does not match the expected shape. */
export class LogParseError extends BaseError {
  override name = 'LogParseError'
  readonly location: LogLocation
  constructor(loc: LogLocation, problem: string, params: { issues?: string[]; cause?: unknown } = {}) {
    super(`Invalid log entry at ${at(loc)}: ${problem}`, {
      metaMessages: params.issues?.length
        ? ['Problems:', ...params.issues.map((i) => `  - ${i}`)]
        : undefined,
      cause: params.cause,
    })
    this.location = loc
  }
}

/** Nonces must increase by exactly one: a gap, repeat or reordering means the log is incomplete or shuffled. */
export class LogOrderError extends BaseError {
  override name = 'LogOrderError'
  readonly location: LogLocation
  constructor(loc: LogLocation, p: { previous: number; found: number; process: string }) {
    const what = p.found <= p.previous ? 'out-of-order or repeated' : 'missing messages before'
    super(`Nonce ${p.found} at ${at(loc)} is ${what} (previous nonce ${p.previous})`, {
      metaMessages: [
        `Process: ${p.process}`,
        `Expected nonce ${p.previous + 1}. Re-record the log (afk record resumes and de-duplicates) or cut it before this line.`,
      ],
    })
    this.location = loc
  }
}

/** `Hash-Chain` of an assignment does not follow from the previous one. */
export class HashChainError extends BaseError {
  override name = 'HashChainError'
  constructor(p: { where: string; nonce: number; expected: string; found: string }) {
    super(`Hash chain broken at nonce ${p.nonce} (${p.where})`, {
      metaMessages: [
        `Expected Hash-Chain: ${p.expected}`,
        `Found:               ${p.found}`,
        'The SU returned a message that does not follow the previous assignment; the log cannot be trusted.',
      ],
    })
  }
}

/** The scheduler unit could not be read after retries. */
export class SuRequestError extends BaseError {
  override name = 'SuRequestError'
  constructor(p: { url: string; attempts: number; reason: string }) {
    super(`Scheduler unit request failed after ${p.attempts} attempt(s): ${p.url}`, { details: p.reason })
  }
}

/** A `Cron-Interval` / `Cron-Tag-*` spawn tag the CU would reject. */
export class CronSpecError extends BaseError {
  override name = 'CronSpecError'
  constructor(p: { process: string; tag: string; reason: string }) {
    super(`Invalid cron tag on process ${p.process}: ${p.tag}`, { details: p.reason })
  }
}

/** A simulator misuse: duplicate process ids, messages in the past, unknown processes. */
export class WorldError extends BaseError {
  override name = 'WorldError'
  constructor(shortMessage: string, metaMessages: string[] = []) {
    super(shortMessage, { metaMessages })
  }
}

/** Options for a backtest that cannot work together or point at missing things. */
export class BacktestConfigError extends BaseError {
  override name = 'BacktestConfigError'
  constructor(shortMessage: string, metaMessages: string[] = []) {
    super(shortMessage, { metaMessages })
  }
}

/** The replay's record cache (`--fast`, sweeps) cannot be written where `AFK_CACHE_DIR` (or the temp dir) points. */
export class RecordCacheError extends BaseError {
  override name = 'RecordCacheError'
  constructor(dir: string, cause: string) {
    super(`Cannot write the record cache in ${dir}: ${cause}`, {
      metaMessages: [
        'hint: set AFK_CACHE_DIR to a writable directory, or AFK_CACHE=off for a private one per run',
      ],
    })
  }
}
