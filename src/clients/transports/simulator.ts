import type { AoMessage, HandleResult, Tag } from '../../ao/message.ts'
import { tagValue } from '../../ao/message.ts'
import { TransportError } from '../../errors/client.ts'
import { type AoResult, type ChainMessage, createTransport, type Transport } from './createTransport.ts'

/**
 * The minimal in-process AO world a simulator must provide for clients to run on it. The backtest harness's `World`
 * (src/harness/world/World.ts) has all of it except `dryrun`, which the caller adds (e.g. `AosProcess.dryrun`).
 *
 * - `send`: schedule a wallet message at the world's current time; returns it with its `Id`.
 * - `run({ until })`: evaluate everything due up to virtual time `until` (ms); outboxes are delivered by the world.
 * - `now`: the world's current virtual time (ms).
 * - `onEvaluated`: called after every evaluation with the message and its result.
 * - `onExternal`: called for each message to a target outside the world (a wallet).
 * - `dryrun`: a read-only evaluation on `target` as `from`.
 */
export interface SimulatorWorld {
  readonly now: number
  send(p: { from: string; target: string; tags: Tag[]; data?: string }): AoMessage
  run(p?: { until?: number; maxSteps?: number }): Promise<void>
  onEvaluated(
    fn: (e: { process: string; message: AoMessage; result: HandleResult }) => void | Promise<void>,
  ): void
  onExternal(fn: (m: AoMessage) => void): void
  dryrun(p: { target: string; from: string; tags: Tag[]; data?: string }): Promise<HandleResult>
}

export interface SimulatorTransportOptions {
  /** Virtual time (ms) the world advances per `wait()`. Default 1000. */
  stepMs?: number
  /** How many `wait()`s `result` tolerates before failing. Default 600. */
  maxWaits?: number
}

/**
 * Runs clients against an in-process world (backtests, fast tests): no HTTP, no signatures, virtual time.
 *
 * @example
 * const transport = simulator(world)
 * const client = createClient({ transport, account: { address: wallet } }).extend(tokenActions)
 */
export function simulator(world: SimulatorWorld, o: SimulatorTransportOptions = {}): Transport {
  const stepMs = o.stepMs ?? 1000
  const maxWaits = o.maxWaits ?? 600
  const results = new Map<string, AoResult>()
  const chains = new Map<string, ChainMessage[]>()
  const index = (m: AoMessage) => {
    const pf = tagValue(m.Tags, 'Pushed-For')
    if (!pf || !m.Id) return
    let list = chains.get(pf)
    if (!list) {
      list = []
      chains.set(pf, list)
    }
    list.push({ id: m.Id, from: tagValue(m.Tags, 'From-Process') ?? m.From, target: m.Target, tags: m.Tags })
  }
  world.onEvaluated(({ message, result }) => {
    if (message.Id)
      results.set(message.Id, {
        Messages: result.Messages,
        Spawns: result.Spawns,
        Output: result.Output,
        Error: result.Error,
      })
    index(message)
  })
  world.onExternal(index)
  const wait = () => world.run({ until: world.now + stepMs })
  return createTransport({
    type: 'simulator',
    name: 'simulator',
    message: async ({ process, tags, data, account }) => {
      const m = world.send({ from: account.address, target: process, tags, data })
      if (!m.Id) throw new TransportError('simulator', 'the world returned a message without an Id')
      return m.Id
    },
    result: async ({ process, message }) => {
      for (let i = 0; i <= maxWaits; i++) {
        const r = results.get(message)
        if (r) return r
        await wait()
      }
      throw new TransportError(
        'simulator',
        `message ${message} to ${process} was not evaluated within ${maxWaits * stepMs} ms of world time`,
      )
    },
    dryrun: async ({ process, tags, data, owner }) => {
      const r = await world.dryrun({ target: process, from: owner ?? '1234', tags, data })
      return { Messages: r.Messages, Spawns: r.Spawns, Output: r.Output, Error: r.Error }
    },
    pushedFor: async ({ message, recipient }) =>
      (chains.get(message) ?? []).filter((m) => !recipient || m.target === recipient),
    wait,
  })
}
