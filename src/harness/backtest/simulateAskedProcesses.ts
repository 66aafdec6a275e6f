import { BacktestConfigError } from '../../errors/harness.ts'
import { SIGNAL_DEFAULT_ASSET, SignalModel } from '../../models/SignalModel.ts'
import { spawnReferenceProcess } from '../../processes/referenceProcess.ts'
import type { StrategyIR } from '../../strategy/ir.ts'
import type { World } from '../world/World.ts'
import { askedProcesses } from './askedProcesses.ts'

/**
 * The processes a strategy asks (ask()) must exist in the simulated world, or every ask would silently time out.
 * With `signalBps`, each missing one becomes afk's reference signal process (signal.lua on aos, or its TS model)
 * answering that constant for the asked `Asset`; with `force` the run goes on with a warning; otherwise it stops.
 * Returns the warnings to show.
 */
export async function simulateAskedProcesses(p: {
  world: World
  ir: StrategyIR
  params: Record<string, unknown>
  signalBps?: number
  force?: boolean
  processes: 'lua' | 'model' | 'lua-pool'
  owner: string
  at: { timestamp: number; blockHeight: number }
}): Promise<string[]> {
  const warnings: string[] = []
  for (const a of askedProcesses(p.ir, p.params)) {
    if (p.world.has(a.id)) continue
    const what = `params.${a.param ?? '(a literal id)'} ${a.id}, asked by ask() for reply '${a.reply}', is no process of the backtest's world`
    if (p.signalBps === undefined) {
      if (!p.force)
        throw new BacktestConfigError(what, [
          "Pass --signal-bps N to simulate afk's reference signal process (lua/processes/signal.lua) answering N bps,",
          'or --force to run with every ask timing out.',
        ])
      warnings.push(`${what}: every ask times out in this run`)
      continue
    }
    const asset = a.asset ?? SIGNAL_DEFAULT_ASSET
    const bps = String(p.signalBps)
    if (p.processes === 'model')
      p.world.add(new SignalModel({ id: a.id, owner: p.owner, signals: { [asset]: p.signalBps } }), {
        owner: p.owner,
        spawnTimestamp: p.at.timestamp,
        spawnHeight: p.at.blockHeight,
      })
    else {
      const proc = await spawnReferenceProcess('signal', { id: a.id, owner: p.owner, ...p.at })
      p.world.add(proc, { owner: p.owner, spawnTimestamp: p.at.timestamp, spawnHeight: p.at.blockHeight })
      p.world.send({
        from: p.owner,
        target: a.id,
        tags: [
          { name: 'Action', value: 'Set-Signal' },
          { name: 'Asset', value: asset },
          { name: 'Signal-Bps', value: bps },
        ],
        at: p.at.timestamp,
      })
    }
    warnings.push(
      `${a.id} (params.${a.param ?? '?'}) is simulated by afk's reference signal process answering a constant ${bps} bps for Asset ${asset}`,
    )
  }
  return warnings
}
