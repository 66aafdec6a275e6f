import { BacktestConfigError } from '../../errors/harness.ts'

/** Named market scenarios of `afk synth --pools`: the shape the random prices are laid over. */
export const SCENARIOS = ['gbm', 'trend', 'range', 'crash'] as const
export type Scenario = (typeof SCENARIOS)[number]

export const MILLION = 1_000_000n

export function parseScenario(v: string): Scenario {
  if (!(SCENARIOS as readonly string[]).includes(v))
    throw new BacktestConfigError(`Unknown scenario "${v}" (use ${SCENARIOS.join(', ')})`)
  return v as Scenario
}

/**
 * The scenario's deterministic price multiplier at step `k` of `n`, in parts per million (integers only):
 * - gbm, range: 1 (range instead pulls the random walk back to its start, see `reversionPpm`);
 * - trend: rises linearly to 1.5 at the end;
 * - crash: 1 until 40 % of the log, falls linearly to 0.7 (−30 %) by 45 %, stays there until 60 %, recovers
 *   linearly to 1 by 90 %.
 */
export function scenarioPpm(s: Scenario, k: bigint, n: bigint): bigint {
  if (n <= 0n) return MILLION
  const f = (k * MILLION) / n // progress in ppm
  if (s === 'trend') return MILLION + f / 2n
  if (s !== 'crash') return MILLION
  const depth = 300_000n
  if (f < 400_000n) return MILLION
  if (f < 450_000n) return MILLION - (depth * (f - 400_000n)) / 50_000n
  if (f < 600_000n) return MILLION - depth
  if (f < 900_000n) return MILLION - depth + (depth * (f - 600_000n)) / 300_000n
  return MILLION
}

/** Per-step pull of the random walk toward its start (ppm of the gap): 2 % for range, none otherwise. */
export function reversionPpm(s: Scenario): bigint {
  return s === 'range' ? 20_000n : 0n
}
