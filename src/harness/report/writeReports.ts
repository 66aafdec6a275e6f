import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import type { ComputeMetricsOptions } from '../metrics/computeMetrics.ts'
import { computeMetrics } from '../metrics/computeMetrics.ts'
import type { BacktestMetrics } from '../metrics/types.ts'
import { formatReportJson } from './buildReport.ts'
import { formatTerminal } from './formatTerminal.ts'
import { renderHtml } from './renderHtml.ts'
import type { BacktestRun } from './types.ts'

export interface WriteReportsOptions extends ComputeMetricsOptions {
  /** write the JSON report here */
  json?: string
  /** write the self-contained HTML report here */
  html?: string
  /** include equity samples in the JSON */
  includeSamples?: boolean
  /** print the terminal summary to this stream (e.g. process.stdout); colours follow its isTTY */
  stream?: NodeJS.WritableStream & { isTTY?: boolean }
}

/** Computes metrics once and writes whichever outputs were asked for; returns the metrics. */
export function writeReports(run: BacktestRun, options: WriteReportsOptions = {}): BacktestMetrics {
  const metrics = computeMetrics(run, options)
  const write = (path: string, text: string) => {
    mkdirSync(dirname(path), { recursive: true })
    writeFileSync(path, text)
  }
  if (options.json) write(options.json, formatReportJson(run, { ...options, metrics }))
  if (options.html) write(options.html, renderHtml(run, options))
  options.stream?.write(formatTerminal(run, metrics, { color: options.stream.isTTY === true }))
  return metrics
}
