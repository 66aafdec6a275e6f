import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Client, createClient, jwkSigner } from '../../src/clients/createClient.ts'
import { dexActions } from '../../src/clients/decorators/dex.ts'
import { tokenActions } from '../../src/clients/decorators/token.ts'
import { devnet } from '../../src/clients/transports/devnet.ts'
import { spawnProcess } from '../../src/devnet/spawnProcess.ts'
import { type Devnet, startDevnet } from '../../src/devnet/startDevnet.ts'
import { ProcessExecutionError, ReplySchemaError, UnexpectedReplyError } from '../../src/errors/client.ts'
import { testWallets } from '../devnet/testWallets.ts'

/** A process that answers every protocol request with a reply that breaks its schema. */
const LIAR = `
Handlers.add('Info', 'Info', function(m) m.reply({ Action = 'Info-Response', Name = 'Liar', Ticker = 'LIE', Denomination = 'twelve' }) end)
Handlers.add('Balance', 'Balance', function(m) m.reply({ Action = 'Balance-Response', Balance = '-5', Account = m.From }) end)
Handlers.add('Balances', 'Balances', function(m) m.reply({ Action = 'Balances-Response', Data = '{"x":1.5}' }) end)
Handlers.add('Transfer', 'Transfer', function(m) m.reply({ Action = 'Debit-Notice', Recipient = m.Recipient, Quantity = 'lots' }) end)
Handlers.add('Get-Pair', 'Get-Pair', function(m) m.reply({ Action = 'Get-Pair-Response', ['Token-A'] = 'not-an-id', ['Token-B'] = ao.id }) end)
Handlers.add('Get-Swap-Output', 'Get-Swap-Output', function(m) m.reply({ Action = 'Get-Swap-Output-Response', Output = '1.5' }) end)
Handlers.add('Get-Pool', 'Get-Pool', function(m) error('factory exploded') end)
`

describe('replies that fail their schema give errors naming process, action, tags and message id', () => {
  let net: Devnet
  let c: Client & ReturnType<typeof tokenActions> & ReturnType<typeof dexActions>
  let liar: string

  beforeAll(async () => {
    net = await startDevnet({ port: 0, wallets: await testWallets(), seed: false, onWarning: () => {} })
    liar = await spawnProcess(net.node, net.wallets.operator, { name: 'liar', lua: LIAR })
    c = createClient({ transport: devnet(net), signer: jwkSigner(net.wallets.alice.jwk) })
      .extend(tokenActions)
      .extend(dexActions)
  })
  afterAll(async () => net?.stop())

  const expectNamed = (err: unknown, action: string, offending: string, messageId?: string) => {
    expect(err).toBeInstanceOf(ReplySchemaError)
    const e = err as ReplySchemaError
    expect(e.process).toBe(liar)
    expect(e.action).toBe(action)
    expect(e.message).toContain(`Process:    ${liar}`)
    expect(e.message).toContain(`Action:     ${action}`)
    expect(e.message).toContain(`Message id: ${messageId ?? '(dry-run, no id)'}`)
    expect(e.message).toMatch(/Tags: {7}Action=/)
    expect(e.issues.map((i) => i.tag)).toContain(offending)
    expect(e.message).toContain(`Offending tag ${offending}`)
  }

  it('dry-run reads: Info, Balance, Balances, Get-Pair, Get-Swap-Output', async () => {
    expectNamed(await c.getInfo({ token: liar }).catch((e) => e), 'Info', 'Denomination')
    expectNamed(await c.getBalance({ token: liar }).catch((e) => e), 'Balance', 'Balance')
    expectNamed(await c.getBalances({ token: liar }).catch((e) => e), 'Balances', 'Data')
    expectNamed(await c.getReserves({ pool: liar }).catch((e) => e), 'Get-Pair', 'Token-A')
    expectNamed(
      await c.quote({ pool: liar, tokenIn: liar, amountIn: 1n }).catch((e) => e),
      'Get-Swap-Output',
      'Quantity-After-Fees',
    )
  })

  it('a write: the Debit-Notice of a Transfer names the Transfer message id', async () => {
    const err = await c
      .transfer({ token: liar, recipient: net.wallets.bob.address, amount: 1n })
      .catch((e) => e)
    expect(err).toBeInstanceOf(ReplySchemaError)
    expectNamed(err, 'Transfer', 'Quantity', err.messageId)
    expect(err.messageId).toMatch(/^[A-Za-z0-9_-]{43}$/)
  })

  it('a process error and a missing reply are typed too', async () => {
    const err = await c.getPool({ factory: liar, tokenA: liar, tokenB: liar }).catch((e) => e)
    expect(err).toBeInstanceOf(ProcessExecutionError)
    expect(err.message).toContain('factory exploded')
    expect(err.message).toContain(`Process:    ${liar}`)
    const none = await c.permaswap.quote({ pool: liar, tokenIn: liar, amountIn: 1n }).catch((e) => e)
    expect(none).toBeInstanceOf(UnexpectedReplyError)
    expect(none.message).toContain('no reply addressed to')
    expect(none.message).toContain('Action:     GetAmountOut')
  })
})
