import { describe, expect, it } from 'vitest'
import { aoconnect } from '../../src/clients/transports/aoconnect.ts'
import {
  InsufficientBalanceError,
  MessageTimeoutError,
  ProcessExecutionError,
  ReplySchemaError,
  TransportError,
  UnexpectedReplyError,
} from '../../src/errors/client.ts'
import { SchemaMismatchError } from '../../src/errors/protocol.ts'

const ctx = {
  process: 'TOKEN_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
  action: 'Transfer',
  tags: [
    { name: 'Action', value: 'Transfer' },
    { name: 'Recipient', value: 'BOB_bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb' },
    { name: 'Quantity', value: '5' },
  ],
  messageId: 'MSG_ccccccccccccccccccccccccccccccccccccccc',
}
const noVersion = (e: Error) => e.message.replace(/Version: afk@.*/, 'Version: afk@x')

describe('client error texts name process, action, tags and message id', () => {
  it('InsufficientBalanceError', () => {
    expect(
      noVersion(new InsufficientBalanceError({ ...ctx, quantity: 5n, error: 'Insufficient Balance!' })),
    ).toMatchInlineSnapshot(`
      "Insufficient balance: token TOKEN_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa refused to transfer 5.

      Process:    TOKEN_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
      Action:     Transfer
      Message id: MSG_ccccccccccccccccccccccccccccccccccccccc
      Tags:       Action=Transfer, Recipient=BOB_bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb, Quantity=5
      Transfer-Error: Insufficient Balance!
      Version: afk@x"
    `)
  })
  it('ProcessExecutionError and MessageTimeoutError', () => {
    expect(noVersion(new ProcessExecutionError({ ...ctx, error: 'boom' }))).toMatchInlineSnapshot(`
      "Transfer failed inside process TOKEN_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.

      Process:    TOKEN_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
      Action:     Transfer
      Message id: MSG_ccccccccccccccccccccccccccccccccccccccc
      Tags:       Action=Transfer, Recipient=BOB_bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb, Quantity=5

      Details: boom
      Version: afk@x"
    `)
    expect(
      noVersion(new MessageTimeoutError({ ...ctx, timeoutMs: 1000, waitingFor: 'the outcome of swap o-1' })),
    ).toMatchInlineSnapshot(`
      "Timed out after 1000 ms waiting for the outcome of swap o-1.

      Process:    TOKEN_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
      Action:     Transfer
      Message id: MSG_ccccccccccccccccccccccccccccccccccccccc
      Tags:       Action=Transfer, Recipient=BOB_bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb, Quantity=5
      The message may still be processed later; check it by id before retrying.
      Version: afk@x"
    `)
  })
  it('UnexpectedReplyError and ReplySchemaError (dry-run: no message id)', () => {
    expect(
      noVersion(
        new UnexpectedReplyError({
          ...ctx,
          messageId: undefined,
          problem: 'Mint-Error: nope',
          reply: [{ name: 'Action', value: 'Mint-Error' }],
        }),
      ),
    ).toMatchInlineSnapshot(`
      "Unexpected reply to Transfer from TOKEN_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa: Mint-Error: nope.

      Process:    TOKEN_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
      Action:     Transfer
      Message id: (dry-run, no id)
      Tags:       Action=Transfer, Recipient=BOB_bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb, Quantity=5
      Reply tags: Action=Mint-Error
      Version: afk@x"
    `)
    const cause = new SchemaMismatchError({
      protocol: 'token',
      messageName: 'Debit-Notice',
      action: 'Debit-Notice',
      issues: [{ tag: 'Quantity', problem: 'expected an integer string', value: 'lots' }],
      process: ctx.process,
    })
    const e = new ReplySchemaError({ ...ctx, cause })
    expect(e.issues).toEqual(cause.issues)
    expect(noVersion(e)).toMatchInlineSnapshot(`
      "The token Debit-Notice for Transfer does not match its schema.

      Process:    TOKEN_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
      Action:     Transfer
      Message id: MSG_ccccccccccccccccccccccccccccccccccccccc
      Tags:       Action=Transfer, Recipient=BOB_bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb, Quantity=5
      Reply id:   (in the result, no id)
      Offending tag Quantity: expected an integer string (got "lots")

      Details: token Debit-Notice from process TOKEN_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa does not match its schema (1 issue).
      Version: afk@x"
    `)
  })
  it('the mainnet transport refuses to send without a signer', async () => {
    const t = aoconnect({ mode: 'mainnet', URL: 'http://127.0.0.1:9' })
    expect(t.name).toBe('aoconnect-mainnet')
    await expect(
      t.message({ process: ctx.process, tags: ctx.tags, account: { address: 'x' } }),
    ).rejects.toThrowError(TransportError)
  })
})
