import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Client, createClient, jwkSigner } from '../../src/clients/createClient.ts'
import { dexActions } from '../../src/clients/decorators/dex.ts'
import { tokenActions } from '../../src/clients/decorators/token.ts'
import { devnet } from '../../src/clients/transports/devnet.ts'
import { parseUnits } from '../../src/clients/units.ts'
import { SEED } from '../../src/devnet/seedDevnet.ts'
import { type Devnet, startDevnet } from '../../src/devnet/startDevnet.ts'
import { UnexpectedReplyError } from '../../src/errors/client.ts'
import { testWallets } from '../devnet/testWallets.ts'

describe('Permaswap note flow over the devnet', () => {
  let net: Devnet
  let alice: Client & ReturnType<typeof tokenActions> & ReturnType<typeof dexActions>
  let a: string
  let b: string
  let pool: string

  beforeAll(async () => {
    net = await startDevnet({
      port: 0,
      wallets: await testWallets(),
      seed: true,
      clock: { mode: 'manual' },
      onWarning: () => {},
    })
    ;({ a, b } = net.processes.tokens!)
    pool = net.processes.permaswap!.pool
    alice = createClient({
      transport: devnet(net),
      signer: jwkSigner(net.wallets.alice.jwk),
      timeoutMs: 30_000,
    })
      .extend(tokenActions)
      .extend(dexActions)
    await net.faucet(net.wallets.alice.address, a, parseUnits('100', 12))
  })
  afterAll(async () => net?.stop())

  it('quotes with the pool fee and fills a note settled in time', async () => {
    const amountIn = parseUnits('3', 12)
    const q = await alice.permaswap.quote({ pool, tokenIn: a, amountIn })
    const fee = BigInt(SEED.permaswapFeeBps)
    const expected =
      (amountIn * (10000n - fee) * SEED.liquidity) / (10000n * SEED.liquidity + amountIn * (10000n - fee))
    expect(q).toEqual({ tokenOut: b, amountOut: expected })
    const before = await alice.getBalance({ token: b })
    const r = await alice.permaswap.swap({
      pool,
      tokenIn: a,
      tokenOut: b,
      amountIn,
      minAmountOut: q.amountOut,
    })
    expect(r).toMatchObject({ status: 'filled', amountIn, amountOut: q.amountOut })
    expect(r.noteId).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect((await alice.getBalance({ token: b })) - before).toBe(q.amountOut)
  })

  it('refunds a note settled after it expired, in full, with the reason', async () => {
    const amountIn = parseUnits('2', 12)
    const balA = await alice.getBalance({ token: a })
    const r = await alice.permaswap.swap({
      pool,
      tokenIn: a,
      tokenOut: b,
      amountIn,
      beforeSettle: async (note) => {
        expect(note.ExpireDate - note.IssueDate).toBe(90_000)
        await net.advance(90_001)
      },
    })
    expect(r).toMatchObject({ status: 'refunded', reason: 'err_note_expired', amountOut: 0n })
    expect(await alice.getBalance({ token: a })).toBe(balA)
  })

  it('a note the pool will not issue (min output too high) is an UnexpectedReplyError naming the request', async () => {
    const err = await alice.permaswap
      .swap({ pool, tokenIn: a, tokenOut: b, amountIn: 1000n, minAmountOut: 10n ** 20n })
      .catch((e) => e)
    expect(err).toBeInstanceOf(UnexpectedReplyError)
    expect(err.message).toContain('err_amount_out_too_small')
    expect(err.message).toContain('Action:     RequestOrder')
    expect(err.messageId).toMatch(/^[A-Za-z0-9_-]{43}$/)
  })
})
