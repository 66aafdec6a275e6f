/** Entry point for backtests and sweeps: `import { runBacktest, runSweep, buildReport } from 'afk/harness'`. */
export {
  type BacktestHooks,
  type BacktestOptions,
  type BacktestResult,
  runBacktest,
  runBacktestDetailed,
} from './backtest.ts'
export { type OpenedLog, type OpenLogOptions, openLog } from './log/openLog.ts'
export { type ComputeMetricsOptions, computeMetrics } from './metrics/computeMetrics.ts'
export { type RecordOptions, type RecordResult, recordLog } from './record/recordLog.ts'
export { type BacktestReport, buildReport, formatReportJson, REPORT_SCHEMA } from './report/buildReport.ts'
export { formatTerminal } from './report/formatTerminal.ts'
export type { BacktestRun, CashFlow, EquitySample, TokenMeta, TradeRecord } from './report/types.ts'
export { writeReports } from './report/writeReports.ts'
export { runSweep, type SweepOptions, type SweepResult, type SweepRow } from './sweep/runSweep.ts'
export { type SynthOptions, type SynthResult, synthPoolLog } from './synth/synthPoolLog.ts'
