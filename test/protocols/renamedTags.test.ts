import { describe, expect, it } from 'vitest'
import { makeId } from '../../src/ao/ids.ts'
import { parseMessage } from '../../src/protocols/parseMessage.ts'
import { renamedTags } from '../../src/protocols/renamedTags.ts'
import * as token from '../../src/protocols/token.ts'

describe('tag names a normalizing aos receiver rewrites', () => {
  it('lists every spec name that does not survive unchanged', () => {
    expect(renamedTags()).toMatchInlineSnapshot(`
      {
        "AmountIn": "Amountin",
        "AmountOut": "Amountout",
        "FeeBps": "Feebps",
        "LP-Fee": "Lp-Fee",
        "LP-Fee-Percentage": "Lp-Fee-Percentage",
        "LP-Fee-Quantity": "Lp-Fee-Quantity",
        "NoteID": "Noteid",
        "NoteSettle": "Notesettle",
        "NoteSettleVersion": "Notesettleversion",
        "PX": "Px",
        "PY": "Py",
        "PoolFee": "Poolfee",
        "SettleID": "Settleid",
        "TokenA": "Tokena",
        "TokenB": "Tokenb",
        "TokenIn": "Tokenin",
        "TokenOut": "Tokenout",
        "TotalSupply": "Totalsupply",
        "X-FFP-Error": "X-Ffp-Error",
        "X-FFP-For": "X-Ffp-For",
        "X-FFP-NoteID": "X-Ffp-Noteid",
        "X-FFP-NoteIDs": "X-Ffp-Noteids",
      }
    `)
  })
})

describe('SchemaMismatchError text', () => {
  it('names protocol, message, process, action, tags and id', () => {
    const id = makeId('err-msg')
    const from = makeId('err-token')
    expect(() =>
      parseMessage(
        token.debitNotice,
        {
          Id: id,
          From: from,
          Tags: [
            { name: 'Action', value: 'Debit-Notice' },
            { name: 'Quantity', value: '12.5' },
          ],
        },
        { process: from },
      ),
    ).toThrowErrorMatchingInlineSnapshot(`
      [SchemaMismatchError: token Debit-Notice from process eerfLCblIMP5PiOfxfQ2JWx4Ft0_c2dz8DSqRWalmhc does not match its schema (2 issues).

      Action:     Debit-Notice
      Message id: NgeKyiVZX200VbSfGJJn6g1gA00YD0PiUQv7qr4YvU8
      Tag Recipient: missing
      Tag Quantity: expected a non-negative integer string (got "12.5")
      Version: afk@0.1.0]
    `)
  })
})
