import { BacktestConfigError } from '../../errors/harness.ts'
import type { Cron } from '../world/crons.ts'

/** Whole quote tokens deposited when the strategy gives no way to size its deposit (the hedge demo's 10,000). */
export const ASSUMED_DEPOSIT_TOKENS = 10_000n

/**
 * The owner's initial quote deposit: `--deposit` if given, else enough for every tick of the run
 * (`amount` × (ticks + 2)) when the strategy has an integer `amount` param and a time cron. A strategy that sizes its
 * trades from what it holds (the hedger, the rebalancer: no `amount`) gets ASSUMED_DEPOSIT_TOKENS whole quote tokens,
 * and `assumed` says so for the run's warnings: an assumption is stated, never silent.
 */
export function depositFor(p: {
  deposit?: string
  params: Record<string, unknown>
  crons: Cron[]
  start: number
  end: number
  quote: { ticker: string; denomination: number }
}): { amount: bigint; assumed?: string } {
  if (p.deposit !== undefined) {
    if (!/^\d+$/.test(p.deposit))
      throw new BacktestConfigError(`--deposit must be an integer amount in raw units, got "${p.deposit}"`)
    return { amount: BigInt(p.deposit) }
  }
  const amount = p.params.amount
  const timeCron = p.crons.find((c) => c.unit === 'seconds')
  if (
    (typeof amount === 'string' || typeof amount === 'number' || typeof amount === 'bigint') &&
    /^\d+$/.test(String(amount)) &&
    timeCron
  ) {
    const ticks = BigInt(Math.floor((p.end - p.start) / (timeCron.value * 1000)) + 2)
    return { amount: BigInt(String(amount)) * ticks }
  }
  const raw = ASSUMED_DEPOSIT_TOKENS * 10n ** BigInt(p.quote.denomination)
  return {
    amount: raw,
    assumed: `assumed deposit ${ASSUMED_DEPOSIT_TOKENS} ${p.quote.ticker} (${raw} raw units): the strategy has no integer \`amount\` param with a time cron to size it from; pass --deposit to choose`,
  }
}
