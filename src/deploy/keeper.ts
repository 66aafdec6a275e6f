import { type ScheduledTask, schedule, validate } from 'node-cron'
import { parseCronInterval } from '../ao/cron.ts'
import { wallClock } from '../ao/wallClock.ts'
import { UsageError } from '../errors/deploy.ts'
import { KEEPER_PARAM, KEEPER_TICK_ACTION } from '../strategy/primitives/events/tick.ts'
import { readStatus } from './agentOps.ts'
import type { Connection } from './connection.ts'
import type { Deployment } from './manifest.ts'

/** One agent the keeper looks after. */
export interface KeptAgent {
  deployment: Deployment
  /** connection signed by the keeper's wallet */
  conn: Connection
}

export interface KeeperAction {
  name: string
  action: 'monitor' | 'tick' | 'ok' | 'overdue' | 'no-cron' | 'error'
  detail: string
}

export interface KeeperOptions {
  agents: KeptAgent[]
  /** the network's current time in ms (the devnet's clock, else the wall clock) */
  now?: (conn: Connection) => Promise<number>
  log?: (a: KeeperAction) => void
  /** re-monitor every n passes (legacy MUs forget monitors across restarts); default 10 */
  remonitorEvery?: number
}

/** The devnet's time (its SU timestamp), else the host's wall clock. */
export async function networkNow(conn: Connection): Promise<number> {
  if (conn.network.name !== 'local') return wallClock()
  const su = conn.network.mu.replace(/\/mu\/?$/, '/su')
  const res = await fetch(`${su}/timestamp`)
  return Number(((await res.json()) as { timestamp: string }).timestamp)
}

/**
 * Keeps agents alive where the network does not produce crons by itself: re-monitors them, checks each one's last
 * tick against its interval, and sends `Action=Tick` from the keeper wallet when a tick is due — only to agents whose
 * `keeper` param names that wallet (the agent acts at most once per interval slot, so an extra tick is harmless).
 */
export class Keeper {
  private passes = 0
  private task: ScheduledTask | undefined
  private running: Promise<unknown> = Promise.resolve()

  constructor(private readonly o: KeeperOptions) {}

  /** One pass over every agent; returns what it did. */
  async runOnce(): Promise<KeeperAction[]> {
    const out: KeeperAction[] = []
    const emit = (a: KeeperAction) => {
      out.push(a)
      this.o.log?.(a)
    }
    const remonitor = this.passes % (this.o.remonitorEvery ?? 10) === 0
    this.passes++
    for (const { deployment: d, conn } of this.o.agents) {
      try {
        await this.keep(d, conn, remonitor, emit)
      } catch (e) {
        emit({ name: d.name, action: 'error', detail: (e as Error).message.split('\n')[0] })
      }
    }
    return out
  }

  private async keep(
    d: Deployment,
    conn: Connection,
    remonitor: boolean,
    emit: (a: KeeperAction) => void,
  ): Promise<void> {
    const pid = d.processId as string
    if (remonitor && d.cron && conn.network.monitor && d.steps.monitor.state === 'done') {
      await conn.ao.monitor({ process: pid, signer: conn.signer })
      emit({ name: d.name, action: 'monitor', detail: `re-monitored ${pid}` })
    }
    // a dry-run: a keeper pass must not spend a message per agent just to look
    const status = await readStatus(conn, pid, 'dryrun')
    const interval = d.cron ? parseCronInterval(d.cron) : undefined
    const cronInStrategy = status.meta && interval && 'unit' in interval && interval.unit === 'seconds'
    if (!cronInStrategy) {
      emit({ name: d.name, action: 'no-cron', detail: 'no time cron: nothing to keep' })
      return
    }
    const every = interval.value * 1000
    const now = await (this.o.now ?? networkNow)(conn)
    const last = status.lastTick === null ? null : Number(status.lastTick)
    const due = last === null || now - last >= every
    if (!due) {
      emit({
        name: d.name,
        action: 'ok',
        detail: `last tick ${Math.round((now - (last as number)) / 1000)} s ago`,
      })
      return
    }
    const keeper = status.params[KEEPER_PARAM]
    if (keeper !== conn.wallet.address) {
      emit({
        name: d.name,
        action: 'overdue',
        detail: `${last === null ? 'never ticked' : `last tick ${Math.round((now - last) / 1000)} s ago`}; its params allow ${keeper ? `keeper ${keeper}` : 'no keeper'}, not ${conn.wallet.address}`,
      })
      return
    }
    const id = await conn.client.transport.message({
      process: pid,
      tags: [{ name: 'Action', value: KEEPER_TICK_ACTION }],
      account: conn.client.signer,
    })
    const r = await conn.client.transport.result({ process: pid, message: id })
    emit({
      name: d.name,
      action: 'tick',
      detail: `sent ${KEEPER_TICK_ACTION} ${id}${r.Error !== undefined ? ' (the agent failed on it)' : ''}`,
    })
  }

  /** Runs a pass on every `expression` (node-cron syntax, seconds allowed); passes never overlap. */
  start(expression: string): void {
    if (!validate(expression))
      throw new UsageError(`--schedule "${expression}" is not a valid cron expression.`)
    this.task = schedule(
      expression,
      () => {
        this.running = this.runOnce()
        return this.running as Promise<void>
      },
      { noOverlap: true, name: 'afk-keeper' },
    )
  }

  /** Stops scheduling and waits for a pass in progress. */
  async stop(): Promise<void> {
    await this.task?.stop()
    await this.task?.destroy?.()
    await this.running.catch(() => {})
  }
}
