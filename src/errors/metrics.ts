import { BaseError } from './BaseError.ts'

/** A `BacktestRun` handed to the metrics/report layer is malformed (bad integer string, unsorted samples...). */
export class InvalidBacktestRunError extends BaseError {
  override name = 'InvalidBacktestRunError'
  constructor(problem: string, params: { path: string; value?: unknown; hint?: string }) {
    const meta = [`at: ${params.path}`]
    if (params.value !== undefined) meta.push(`value: ${JSON.stringify(params.value)}`)
    if (params.hint) meta.push(`hint: ${params.hint}`)
    super(`Invalid backtest run: ${problem}`, { metaMessages: meta, docsPath: 'metrics.md' })
  }
}

/** A report could not be produced (e.g. the chart library is missing from node_modules). */
export class ReportError extends BaseError {
  override name = 'ReportError'
  constructor(problem: string, params: { metaMessages?: string[]; cause?: unknown } = {}) {
    super(problem, { ...params, docsPath: 'reports.md' })
  }
}
