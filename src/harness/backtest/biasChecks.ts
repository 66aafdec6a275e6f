import {
  type BacktestHooks,
  type BacktestOptions,
  type BacktestResult,
  runBacktestDetailed,
} from '../backtest.ts'
import type { Decision } from './AgentTracker.ts'

/** One decision that changed between the reference run and a perturbed run, and could not be explained. */
export interface BiasFlag {
  check: 'lagged' | 'truncated'
  /** tick time the decision belongs to */
  tick: number
  reference: Decision[]
  perturbed: Decision[]
}

export interface BiasReport {
  rule: string
  lagMs: number
  truncatedMs: number
  warmupTicks: number
  comparedTicks: { lagged: number; truncated: number }
  flags: BiasFlag[]
  /** present when the truncated check flagged something: why that may be path dependence, not a bug */
  note?: string
}

export const BIAS_RULE = [
  'Decisions are the orders the agent sends (token in, amount in), grouped by the cron tick that precedes them.',
  'Lagged replay: every message the agent receives arrives later by the lag. Replies then reach the agent later,',
  '  so order times and min-outputs may move; what it decides to trade at a tick (token and amount) should not.',
  '  A tick whose orders differ in token or amount is flagged: the agent reacts to timing it could not know.',
  'Truncated history: the agent starts later (a whole number of cron intervals). After a warm-up of a few ticks',
  '  a strategy without look-ahead or unbounded memory decides the same at the same ticks; differences are flagged.',
  'Explained (not flagged): different min-outputs or fill prices, ticks that exist in only one run, the warm-up.',
].join('\n')

/**
 * Why a truncated-history flag is not (necessarily) a bug: shown whenever the truncated check flags something, so a
 * path-dependent agent's flags read as what they are.
 */
export const TRUNCATED_NOTE = [
  'About the truncated-history flags: an agent whose decisions depend on its own past (counters, budgets, the last',
  '  trade, a running average; DCA counts its buys) is path-dependent: started later it has a different past, and',
  '  may rightly decide differently at the same tick. Such a flag says "this decision depends on history before the',
  '  cut", not that the replay is wrong. Check that the dependence is intended; a look-ahead agent is flagged too.',
].join('\n')

function byTick(r: BacktestResult): Map<number, Decision[]> {
  const ticks = [...r.tickTimes].sort((a, b) => a - b)
  const out = new Map<number, Decision[]>(ticks.map((t) => [t, []]))
  let i = 0
  for (const d of [...r.decisions].sort((a, b) => a.t - b.t)) {
    while (i + 1 < ticks.length && ticks[i + 1] <= d.t) i++
    if (ticks.length && ticks[i] <= d.t) out.get(ticks[i])?.push(d)
  }
  return out
}

const key = (ds: Decision[]) => ds.map((d) => `${d.tokenIn}:${d.amountIn}`).join('|')

/** Compares decisions tick by tick from `from` on (exported for tests). */
export function compareDecisions(
  check: BiasFlag['check'],
  ref: BacktestResult,
  alt: BacktestResult,
  from: number,
): { flags: BiasFlag[]; compared: number } {
  const a = byTick(ref)
  const b = byTick(alt)
  const flags: BiasFlag[] = []
  let compared = 0
  for (const [tick, ds] of a) {
    if (tick < from || !b.has(tick)) continue
    compared++
    const other = b.get(tick) ?? []
    if (key(ds) !== key(other)) flags.push({ check, tick, reference: ds, perturbed: other })
  }
  return { flags, compared }
}

/**
 * `--bias`: runs the backtest three times (reference, lagged, truncated) and reports decisions that changed in ways
 * the perturbation cannot explain (rule in `BIAS_RULE`).
 */
export async function runBiasChecks(
  o: BacktestOptions,
  p: { lagMs?: number; warmupTicks?: number; truncateTicks?: number } = {},
  hooks: BacktestHooks = {},
): Promise<{ reference: BacktestResult; report: BiasReport }> {
  const reference = await runBacktestDetailed(o, hooks)
  const lagMs = p.lagMs ?? 30_000
  const lagged = await runBacktestDetailed({ ...o, replyLagMs: (o.replyLagMs ?? 0) + lagMs }, hooks)
  const ticks = [...reference.tickTimes].sort((a, b) => a - b)
  const interval = ticks.length > 1 ? ticks[1] - ticks[0] : 0
  const warmup = p.warmupTicks ?? 2
  const skip = p.truncateTicks ?? Math.max(1, Math.floor(ticks.length / 5))
  const truncatedMs = interval * skip
  const flags: BiasFlag[] = []
  const l = compareDecisions('lagged', reference, lagged, Number.NEGATIVE_INFINITY)
  flags.push(...l.flags)
  let truncatedCompared = 0
  if (interval > 0) {
    const truncated = await runBacktestDetailed(
      { ...o, startOffsetMs: (o.startOffsetMs ?? 0) + truncatedMs },
      hooks,
    )
    const from = ticks[0] + interval * (skip + warmup)
    const t = compareDecisions('truncated', reference, truncated, from)
    flags.push(...t.flags)
    truncatedCompared = t.compared
  }
  return {
    reference,
    report: {
      rule: BIAS_RULE,
      lagMs,
      truncatedMs,
      warmupTicks: warmup,
      comparedTicks: { lagged: l.compared, truncated: truncatedCompared },
      flags,
      ...(flags.some((f) => f.check === 'truncated') ? { note: TRUNCATED_NOTE } : {}),
    },
  }
}

/** Human-readable summary for the terminal. */
export function formatBias(r: BiasReport): string {
  const lines = [
    `Bias checks: lagged replay (+${r.lagMs} ms on every reply, ${r.comparedTicks.lagged} ticks compared), truncated history (start +${r.truncatedMs} ms, ${r.comparedTicks.truncated} ticks compared after ${r.warmupTicks} warm-up ticks)`,
  ]
  if (r.flags.length === 0) lines.push('  no unexplained decision changes')
  for (const f of r.flags.slice(0, 20))
    lines.push(
      `  FLAG ${f.check} @ ${new Date(f.tick).toISOString()}: reference [${f.reference.map((d) => `${d.amountIn} of ${d.tokenIn.slice(0, 8)}`).join(', ')}] vs [${f.perturbed.map((d) => `${d.amountIn} of ${d.tokenIn.slice(0, 8)}`).join(', ')}]`,
    )
  if (r.flags.length > 20) lines.push(`  … ${r.flags.length - 20} more`)
  if (r.flags.some((f) => f.check === 'truncated')) lines.push('', ...TRUNCATED_NOTE.split('\n'))
  lines.push('', 'Rule:', ...r.rule.split('\n').map((l) => `  ${l}`))
  return `${lines.join('\n')}\n`
}
