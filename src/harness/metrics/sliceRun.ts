import type { BacktestRun } from '../report/types.ts'

/**
 * The part of a run inside [from, to]: samples with from ≤ t ≤ to, trades and cash flows with from < t ≤ to (flows at
 * `from` are already inside the first sample's value, the same convention the metrics use for t0). Used for
 * walk-forward train/test windows over one continuous replay, so the agent's state carries across the split.
 */
export function sliceRun(run: BacktestRun, from: number, to: number): BacktestRun {
  return {
    ...run,
    meta: { ...run.meta, start: from, end: to },
    samples: run.samples.filter((s) => s.t >= from && s.t <= to),
    trades: run.trades.filter((t) => t.t > from && t.t <= to),
    cashflows: run.cashflows.filter((c) => c.t > from && c.t <= to),
  }
}

/** Splits [start, end] at start + floor((end − start) · fraction): the train and test windows of a walk-forward. */
export function walkForwardSplit(
  start: number,
  end: number,
  fraction: number,
): { train: [number, number]; test: [number, number] } {
  const split = start + Math.floor((end - start) * fraction)
  return { train: [start, split], test: [split, end] }
}
