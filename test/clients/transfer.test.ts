import { describe, expect, it } from 'vitest'
import { makeId } from '../../src/ao/ids.ts'
import { addressSigner, createClient } from '../../src/clients/createClient.ts'
import { transfer } from '../../src/clients/token/transfer.ts'
import { createTransport } from '../../src/clients/transports/createTransport.ts'
import { InsufficientBalanceError, TransferRefusedError } from '../../src/errors/client.ts'

const ME = makeId('transfer-me')
const TOKEN = makeId('transfer-token')
const BOB = makeId('transfer-bob')

/** A transport whose every message result is one `Transfer-Error` reply carrying `error`. */
function refusing(error: string) {
  return createClient({
    signer: addressSigner(ME),
    transport: createTransport({
      type: 'simulator',
      name: 'stub',
      message: async () => makeId('transfer-msg'),
      result: async () => ({
        Messages: [
          {
            Target: ME,
            Data: '',
            Tags: [
              { name: 'Action', value: 'Transfer-Error' },
              { name: 'Message-Id', value: makeId('transfer-msg') },
              { name: 'Error', value: error },
            ],
          },
        ],
      }),
      dryrun: async () => ({ Messages: [] }),
      pushedFor: async () => [],
      wait: async () => {},
    }),
  })
}

describe('transfer: Transfer-Error mapping', () => {
  it('maps only a balance refusal to InsufficientBalanceError', async () => {
    const p = { token: TOKEN, recipient: BOB, amount: 5n }
    await expect(transfer(refusing('Insufficient Balance!'), p)).rejects.toThrow(InsufficientBalanceError)
    await expect(transfer(refusing('insufficient balance'), p)).rejects.toThrow(InsufficientBalanceError)
  })

  it('any other refusal is a TransferRefusedError carrying the token’s text', async () => {
    const p = { token: TOKEN, recipient: BOB, amount: 5n }
    const e = await transfer(refusing('Transfers are paused'), p).catch((x) => x)
    expect(e).toBeInstanceOf(TransferRefusedError)
    expect(e).not.toBeInstanceOf(InsufficientBalanceError)
    expect(e.error).toBe('Transfers are paused')
    expect(e.quantity).toBe(5n)
    expect(e.message).toMatch(/refused to transfer 5: Transfers are paused/)
    expect(e.message).toMatch(/Transfer-Error: Transfers are paused/)
  })
})
