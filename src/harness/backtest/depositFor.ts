import { BacktestConfigError } from '../../errors/harness.ts'
import type { Cron } from '../world/crons.ts'

/**
 * The owner's initial quote deposit: `--deposit` if given, else enough for every tick of the run
 * (`amount` × (ticks + 2)) when the strategy has an integer `amount` param and a time cron.
 */
export function depositFor(p: {
  deposit?: string
  params: Record<string, unknown>
  crons: Cron[]
  start: number
  end: number
}): bigint {
  if (p.deposit !== undefined) {
    if (!/^\d+$/.test(p.deposit))
      throw new BacktestConfigError(`--deposit must be an integer amount in raw units, got "${p.deposit}"`)
    return BigInt(p.deposit)
  }
  const amount = p.params.amount
  const timeCron = p.crons.find((c) => c.unit === 'seconds')
  if (
    (typeof amount === 'string' || typeof amount === 'number' || typeof amount === 'bigint') &&
    /^\d+$/.test(String(amount)) &&
    timeCron
  ) {
    const ticks = BigInt(Math.floor((p.end - p.start) / (timeCron.value * 1000)) + 2)
    return BigInt(String(amount)) * ticks
  }
  throw new BacktestConfigError('Cannot tell how much quote to deposit', [
    'Pass --deposit <whole quote tokens> (or base units with --raw; `deposit` in BacktestOptions is raw): the strategy has no integer `amount` param or no time cron.',
  ])
}
