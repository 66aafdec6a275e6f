import { writeFilesAtomic } from '../../io/atomicFile.ts'
import { colorEnabled } from '../../io/color.ts'
import type { ComputeMetricsOptions } from '../metrics/computeMetrics.ts'
import { computeMetricsDetailed } from '../metrics/computeMetrics.ts'
import type { BacktestMetrics } from '../metrics/types.ts'
import { reportJsonChunks } from './buildReport.ts'
import { formatTerminal } from './formatTerminal.ts'
import { renderHtmlChunks } from './renderHtml.ts'
import type { BacktestRun } from './types.ts'

export interface WriteReportsOptions extends ComputeMetricsOptions {
  /** write the JSON report here */
  json?: string
  /** print the JSON report to this stream (`--json`) */
  jsonStream?: NodeJS.WritableStream
  /** write the self-contained HTML report here */
  html?: string
  /** include equity samples in the JSON (default true) */
  includeSamples?: boolean
  /** print the terminal summary to this stream (e.g. process.stdout); colours follow its isTTY and NO_COLOR */
  stream?: NodeJS.WritableStream & { isTTY?: boolean }
  /** further files committed together with the reports (e.g. the bias side file) */
  extra?: { path: string; data: string }[]
}

/**
 * Computes metrics once and writes whichever outputs were asked for, all atomically and together (temp files, then
 * renames), so an interrupted run never leaves a report that looks complete. Returns the metrics.
 */
export function writeReports(run: BacktestRun, options: WriteReportsOptions = {}): BacktestMetrics {
  // once: the HTML reuses the curves instead of computing every metric again
  const computed = computeMetricsDetailed(run, options)
  const { metrics } = computed
  const o = { ...options, metrics }
  // written in pieces: a long run's report is never one string in memory (same bytes as formatReportJson/renderHtml)
  const files: { path: string; data: Iterable<string> }[] = []
  if (options.json) files.push({ path: options.json, data: reportJsonChunks(run, o) })
  if (options.html) files.push({ path: options.html, data: renderHtmlChunks(run, { ...options, computed }) })
  files.push(...(options.extra ?? []).map((f) => ({ path: f.path, data: [f.data] })))
  writeFilesAtomic(files, 'write report')
  if (options.jsonStream) {
    let buf = ''
    for (const c of reportJsonChunks(run, o)) {
      buf += c
      if (buf.length >= 65_536) {
        options.jsonStream.write(buf)
        buf = ''
      }
    }
    if (buf) options.jsonStream.write(buf)
  }
  options.stream?.write(formatTerminal(run, metrics, { color: colorEnabled(options.stream) }))
  return metrics
}
