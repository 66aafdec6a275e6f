import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Client, createClient, jwkSigner } from '../../src/clients/createClient.ts'
import { dexActions } from '../../src/clients/decorators/dex.ts'
import { tokenActions } from '../../src/clients/decorators/token.ts'
import { devnet } from '../../src/clients/transports/devnet.ts'
import { parseUnits } from '../../src/clients/units.ts'
import { SEED } from '../../src/devnet/seedDevnet.ts'
import { spawnProcess } from '../../src/devnet/spawnProcess.ts'
import { type Devnet, startDevnet } from '../../src/devnet/startDevnet.ts'
import { MessageTimeoutError } from '../../src/errors/client.ts'
import { botegaSwap } from '../../src/models/botegaSwap.ts'
import { BOTEGA_ERRORS } from '../../src/protocols/botega.ts'
import { testWallets } from '../devnet/testWallets.ts'

describe('Botega client over the devnet (HTTP, signed data items)', () => {
  let net: Devnet
  let alice: Client & ReturnType<typeof tokenActions> & ReturnType<typeof dexActions>
  let a: string
  let b: string
  let pool: string

  beforeAll(async () => {
    net = await startDevnet({ port: 0, wallets: await testWallets(), seed: true, onWarning: () => {} })
    ;({ a, b } = net.processes.tokens!)
    pool = net.processes.pool!
    alice = createClient({
      transport: devnet(net),
      signer: jwkSigner(net.wallets.alice.jwk),
      timeoutMs: 30_000,
    })
      .extend(tokenActions)
      .extend(dexActions)
    await net.faucet(net.wallets.alice.address, a, parseUnits('1000', 12))
  })
  afterAll(async () => net?.stop())

  it('finds the pool in the factory and reads its reserves', async () => {
    expect(await alice.getPool({ factory: net.processes.factory!, tokenA: b, tokenB: a })).toBe(pool)
    expect(
      await alice.getPool({ factory: net.processes.factory!, tokenA: a, tokenB: net.wallets.bob.address }),
    ).toBeUndefined()
    const r = await alice.getReserves({ pool })
    expect(r).toEqual({ tokenA: a, tokenB: b, reserveA: SEED.liquidity, reserveB: SEED.liquidity })
  })

  it('a quote equals the TS model, and a swap fills with the quoted output', async () => {
    const amountIn = parseUnits('12.345678901234', 12)
    const { reserveA, reserveB } = await alice.getReserves({ pool })
    const q = await alice.quote({ pool, tokenIn: a, amountIn })
    const model = botegaSwap(reserveA, reserveB, amountIn, SEED.lpFeeBps, SEED.protocolFeeBps)
    expect(q).toEqual({
      amountOut: model.amountOut,
      amountInAfterFees: model.adjustedIn,
      lpFee: model.lpFee,
      protocolFee: model.protocolFee,
      totalFee: model.totalFee,
    })
    const before = await alice.getBalance({ token: b })
    const r = await alice.swap({ pool, tokenIn: a, amountIn, minAmountOut: q.amountOut, orderId: 'order-1' })
    expect(r).toMatchObject({
      status: 'filled',
      amountIn,
      amountOut: q.amountOut,
      orderId: 'order-1',
      fees: { lp: model.lpFee, protocol: model.protocolFee, total: model.totalFee },
    })
    expect(r.messageIds.outcome).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(r.messageIds.confirmation).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect((await alice.getBalance({ token: b })) - before).toBe(q.amountOut)
    const after = await alice.getReserves({ pool })
    expect(after.reserveA).toBe(model.newReserveIn)
    expect(after.reserveB).toBe(model.newReserveOut)
  })

  it('a swap whose min-output is too high is refunded in full and reported with the reason', async () => {
    const amountIn = parseUnits('5', 12)
    const q = await alice.quote({ pool, tokenIn: a, amountIn })
    const balA = await alice.getBalance({ token: a })
    const reserves = await alice.getReserves({ pool })
    const r = await alice.swap({ pool, tokenIn: a, amountIn, minAmountOut: q.amountOut + 1n })
    expect(r.status).toBe('refunded')
    expect(r.reason).toBe(BOTEGA_ERRORS.minOutput)
    expect(r.amountOut).toBe(0n)
    expect(await alice.getBalance({ token: a })).toBe(balA)
    expect(await alice.getReserves({ pool })).toEqual(reserves)
  })

  it('a pool that never answers gives a MessageTimeoutError naming the transfer', async () => {
    const sink = await spawnProcess(net.node, net.wallets.operator, {
      name: 'sink',
      lua: `Handlers.add('pair', 'Get-Pair', function(m) m.reply({ Action = 'Get-Pair-Response', ['Token-A'] = '${a}', ['Token-B'] = '${b}' }) end)
            Handlers.add('swallow', 'Credit-Notice', function(m) end)`,
    })
    const err = await alice
      .swap({ pool: sink, tokenIn: a, amountIn: 1n, minAmountOut: 1n, timeoutMs: 1500 })
      .catch((e) => e)
    expect(err).toBeInstanceOf(MessageTimeoutError)
    expect(err.process).toBe(a)
    expect(err.message).toContain('Action:     Transfer')
    expect(err.message).toContain(`Recipient=${sink}`)
    expect(err.messageId).toMatch(/^[A-Za-z0-9_-]{43}$/)
  })

  it('a swap the token refuses (no balance) is failed, and nothing moves', async () => {
    const bob = createClient({ transport: devnet(net), signer: jwkSigner(net.wallets.bob.jwk) }).extend(
      dexActions,
    )
    const r = await bob.swap({ pool, tokenIn: a, amountIn: 1n, minAmountOut: 1n })
    expect(r).toMatchObject({ status: 'failed', reason: 'Insufficient Balance!' })
  })
})
