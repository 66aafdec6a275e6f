import { beforeAll, describe, expect, it } from 'vitest'
import type { AosProcess } from '../../src/ao/AosProcess.ts'
import { makeId } from '../../src/ao/ids.ts'
import { addressSigner, type Client, createClient } from '../../src/clients/createClient.ts'
import { dexActions } from '../../src/clients/decorators/dex.ts'
import { tokenActions } from '../../src/clients/decorators/token.ts'
import { type SimulatorWorld, simulator } from '../../src/clients/transports/simulator.ts'
import { InsufficientBalanceError } from '../../src/errors/client.ts'
import { World } from '../../src/harness/world/World.ts'
import { botegaSwap } from '../../src/models/botegaSwap.ts'
import { spawnReferenceProcess } from '../../src/processes/referenceProcess.ts'

const T0 = 1_750_000_000_000
const OWNER = makeId('sim-owner')
const USER = makeId('sim-user')
const A = makeId('sim-token-a')
const B = makeId('sim-token-b')
const POOL = makeId('sim-pool')
const FACTORY = makeId('sim-factory')
const E12 = 10n ** 12n

/** The harness World plus a dry-run over the same aos instances: everything `simulator()` needs. */
function simWorld(world: World, procs: Map<string, AosProcess>): SimulatorWorld {
  return {
    get now() {
      return world.now
    },
    send: (p) => world.send(p),
    run: (p) => world.run(p),
    onEvaluated: (f) => world.onEvaluated(f),
    onExternal: (f) => world.onExternal(f),
    dryrun: ({ target, from, tags, data }) =>
      procs.get(target)!.dryrun({
        Id: makeId(`dry:${world.now}`),
        Owner: from,
        From: from,
        Target: target,
        Data: data ?? '',
        Tags: tags,
        Timestamp: world.now,
        'Block-Height': 1000,
        Cron: false,
        'Read-Only': true,
      }),
  }
}

describe('clients over the in-process simulator transport (harness World, real aos)', () => {
  const world = new World({ idSeed: 'sim' })
  const procs = new Map<string, AosProcess>()
  let user: Client & ReturnType<typeof tokenActions> & ReturnType<typeof dexActions>

  beforeAll(async () => {
    const base = { owner: OWNER, timestamp: T0, blockHeight: 1000 }
    const spawn = async (
      name: Parameters<typeof spawnReferenceProcess>[0],
      id: string,
      tags: Record<string, string> = {},
    ) => {
      const p = await spawnReferenceProcess(name, { ...base, id, tags })
      procs.set(id, p)
      world.add(p, { owner: OWNER, spawnTimestamp: T0, spawnHeight: 1000 })
    }
    await spawn('token', A, { Name: 'Sim A', Ticker: 'SA' })
    await spawn('token', B, { Name: 'Sim B', Ticker: 'SB' })
    await spawn('botega_factory', FACTORY)
    await spawn('botega_pool', POOL, { 'Token-A': A, 'Token-B': B, 'Fee-Bps': '25', 'AMM-Factory': FACTORY })
    await world.run({ until: T0 + 1000 })
    const send = (target: string, tags: Record<string, string>) =>
      world.send({
        from: OWNER,
        target,
        tags: Object.entries(tags).map(([name, value]) => ({ name, value })),
      })
    send(FACTORY, { Action: 'Register-Pool', 'Pool-Id': POOL, 'Token-A': A, 'Token-B': B, 'Fee-Bps': '25' })
    for (const t of [A, B]) send(t, { Action: 'Mint', Quantity: String(1000n * E12) })
    for (const t of [A, B])
      send(t, { Action: 'Transfer', Recipient: POOL, Quantity: String(500n * E12), 'X-Action': 'Provide' })
    send(A, { Action: 'Mint', Quantity: String(50n * E12), Recipient: USER })
    await world.run({ until: T0 + 10_000 })
    user = createClient({ transport: simulator(simWorld(world, procs)), signer: addressSigner(USER) })
      .extend(tokenActions)
      .extend(dexActions)
  })

  it('reads and transfers; Transfer-Error is InsufficientBalanceError', async () => {
    expect(await user.getInfo({ token: A })).toMatchObject({ name: 'Sim A', ticker: 'SA', denomination: 12 })
    expect(await user.getBalance({ token: A })).toBe(50n * E12)
    const { debitNotice } = await user.transfer({ token: A, recipient: OWNER, amount: 5n * E12 })
    expect(debitNotice).toMatchObject({ recipient: OWNER, quantity: 5n * E12 })
    await expect(user.transfer({ token: A, recipient: OWNER, amount: 500n * E12 })).rejects.toBeInstanceOf(
      InsufficientBalanceError,
    )
  })

  it('quotes like the model and swaps to a fill, deterministically in virtual time', async () => {
    const r0 = await user.getReserves({ pool: POOL })
    const amountIn = 7n * E12
    const q = await user.quote({ pool: POOL, tokenIn: A, amountIn })
    expect(q.amountOut).toBe(botegaSwap(r0.reserveA, r0.reserveB, amountIn, 25, 0).amountOut)
    const r = await user.swap({
      pool: POOL,
      tokenIn: A,
      amountIn,
      minAmountOut: q.amountOut,
      orderId: 'sim-1',
    })
    expect(r).toMatchObject({ status: 'filled', amountOut: q.amountOut, fees: { total: q.totalFee } })
    expect(await user.getBalance({ token: B })).toBe(q.amountOut)
    const refund = await user.swap({
      pool: POOL,
      tokenIn: A,
      amountIn,
      minAmountOut: 10n ** 30n,
      orderId: 'sim-2',
    })
    expect(refund).toMatchObject({ status: 'refunded', reason: 'Could not swap with expected min output' })
  })
})
