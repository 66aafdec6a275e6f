import { connect } from '@permaweb/aoconnect'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Client, createClient, jwkSigner } from '../../src/clients/createClient.ts'
import { tokenActions } from '../../src/clients/decorators/token.ts'
import { devnet } from '../../src/clients/transports/devnet.ts'
import { formatUnits, parseUnits } from '../../src/clients/units.ts'
import { SEED } from '../../src/devnet/seedDevnet.ts'
import { type Devnet, startDevnet } from '../../src/devnet/startDevnet.ts'
import { InsufficientBalanceError } from '../../src/errors/client.ts'
import { parseMessage } from '../../src/protocols/parseMessage.ts'
import * as signal from '../../src/protocols/signal.ts'
import { testWallets } from '../devnet/testWallets.ts'

describe('token client over the devnet (HTTP, signed data items)', () => {
  let net: Devnet
  let alice: Client & ReturnType<typeof tokenActions>
  let token: string

  beforeAll(async () => {
    net = await startDevnet({ port: 0, wallets: await testWallets(), seed: true, onWarning: () => {} })
    token = net.processes.tokens!.a
    alice = createClient({ transport: devnet(net), signer: jwkSigner(net.wallets.alice.jwk) }).extend(
      tokenActions,
    )
    await net.faucet(net.wallets.alice.address, token, parseUnits('100', 12))
  })
  afterAll(async () => net?.stop())

  it('seeds the reference signal process, answering Get-Signal for token A over aoconnect', async () => {
    const ao = connect({
      MODE: 'legacy',
      MU_URL: net.urls.mu,
      CU_URL: net.urls.cu,
      GATEWAY_URL: net.urls.gateway,
      noLog: true,
    } as never) as unknown as { dryrun(p: object): Promise<{ Messages: Array<{ Tags: [] }> }> }
    const r = await ao.dryrun({
      process: net.processes.signal!,
      tags: [
        { name: 'Action', value: 'Get-Signal' },
        { name: 'Asset', value: token },
      ],
    })
    expect(parseMessage(signal.getSignalResponse, r.Messages[0] as never)).toMatchObject({
      asset: token,
      signalBps: SEED.signalBps,
    })
  })

  it('reads Info, Balance and Balances', async () => {
    const info = await alice.getInfo({ token })
    expect(info).toMatchObject({ ticker: 'DTA', denomination: 12 })
    expect(formatUnits(await alice.getBalance({ token }), info.denomination)).toBe('100')
    const all = await alice.getBalances({ token })
    expect(all[net.wallets.alice.address]).toBe(100n * 10n ** 12n)
  })

  it('a transfer yields a typed Debit-Notice carrying forwarded X- tags', async () => {
    const { debitNotice, messageId } = await alice.transfer({
      token,
      recipient: net.wallets.bob.address,
      amount: parseUnits('2.5', 12),
      forwardedTags: { 'X-Memo': 'rent' },
    })
    expect(messageId).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(debitNotice.recipient).toBe(net.wallets.bob.address)
    expect(debitNotice.quantity).toBe(2_500_000_000_000n)
    expect(debitNotice.xTags['X-Memo']).toBe('rent')
    expect(await alice.getBalance({ token, account: net.wallets.bob.address })).toBe(2_500_000_000_000n)
  })

  it('an over-balance transfer yields InsufficientBalanceError naming token, action, tags and message id', async () => {
    const err = await alice
      .transfer({ token, recipient: net.wallets.bob.address, amount: parseUnits('1000', 12) })
      .catch((e) => e)
    expect(err).toBeInstanceOf(InsufficientBalanceError)
    expect(err.process).toBe(token)
    expect(err.messageId).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(err.message).toContain(`Process:    ${token}`)
    expect(err.message).toContain('Action:     Transfer')
    expect(err.message).toContain('Quantity=1000000000000000')
    expect(err.message).toContain(`Message id: ${err.messageId}`)
    expect(err.message).toContain('Insufficient Balance!')
  })
})
