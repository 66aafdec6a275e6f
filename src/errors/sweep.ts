import { BaseError } from './BaseError.ts'

/** A `--grid name=v1,v2` argument could not be parsed. */
export class GridParseError extends BaseError {
  override name = 'GridParseError'
  constructor(
    arg: string,
    problem: string,
    hint = 'expected --grid <param>=<v1>,<v2>,... e.g. --grid amount=1000,2000',
  ) {
    super(`Invalid --grid "${arg}": ${problem}`, {
      metaMessages: [`hint: ${hint}`],
      docsPath: 'reports.md#sweeps',
    })
  }
}

/** `--rank-by` names a metric the sweep cannot rank by. */
export class UnknownRankMetricError extends BaseError {
  override name = 'UnknownRankMetricError'
  constructor(metric: string, known: readonly string[]) {
    super(`Unknown --rank-by metric "${metric}"`, { metaMessages: [`known metrics: ${known.join(', ')}`] })
  }
}

/** Bad sweep options (walk-forward fraction, output extension, worker count). */
export class SweepOptionError extends BaseError {
  override name = 'SweepOptionError'
  constructor(option: string, problem: string, hint?: string) {
    super(`Invalid ${option}: ${problem}`, { metaMessages: hint ? [`hint: ${hint}`] : [] })
  }
}

/** One parameter set failed to run; the sweep reports which one and why. */
export class SweepRunError extends BaseError {
  override name = 'SweepRunError'
  constructor(params: Record<string, unknown>, cause: unknown) {
    const message = cause instanceof Error ? cause.message : String(cause)
    super('A sweep run failed', {
      metaMessages: [`params: ${JSON.stringify(params)}`],
      details: message,
      cause,
    })
  }
}
