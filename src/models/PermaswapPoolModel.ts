import { ModelConfigError } from '../errors/protocol.ts'
import { PERMASWAP_ERRORS, type PermaswapNote } from '../protocols/permaswap.ts'
import { addAmount, parseAmount, tryParseAmount } from './amount.ts'
import {
  fail,
  isAddress,
  type ModelMessage,
  ModelProcess,
  type ModelProcessParameters,
  tagList,
} from './ModelProcess.ts'
import { permaswapAmountOut } from './permaswapAmountOut.ts'
import { encodeNote } from './permaswapNote.ts'

export interface PermaswapPoolModelParameters extends ModelProcessParameters {
  x: string
  y: string
  settle: string
  feeBps?: number
  timeoutPeriod?: number
  name?: string
  reserves?: { x: bigint; y: bigint }
}

interface PoolState {
  reserves: Map<string, bigint>
  committed: Map<string, bigint>
  notes: Map<string, PermaswapNote>
  noteOrder: string[]
  unclaimed: Map<string, bigint>
}

/** TS model of `lua/processes/permaswap_pool.lua`: GetAmountOut, RequestOrder notes with expiry, Execute. */
export class PermaswapPoolModel extends ModelProcess<PoolState> {
  readonly x: string
  readonly y: string
  readonly settle: string
  readonly feeBps: number
  readonly timeoutPeriod: number
  readonly poolName: string

  constructor(p: PermaswapPoolModelParameters) {
    const fee = p.feeBps ?? 30
    const timeout = p.timeoutPeriod ?? 90_000
    if (!isAddress(p.x) || !isAddress(p.y) || p.x === p.y || !isAddress(p.settle))
      throw new ModelConfigError('x, y and settle must be process ids (x ≠ y).', {
        model: `PermaswapPoolModel ${p.id}`,
      })
    if (!Number.isInteger(fee) || fee < 0 || fee >= 10000 || !Number.isInteger(timeout) || timeout <= 0)
      throw new ModelConfigError(
        'feeBps must be an integer below 10000 and timeoutPeriod a positive integer (ms).',
        { model: `PermaswapPoolModel ${p.id}` },
      )
    super(p, {
      reserves: new Map([
        [p.x, p.reserves?.x ?? 0n],
        [p.y, p.reserves?.y ?? 0n],
      ]),
      committed: new Map([
        [p.x, 0n],
        [p.y, 0n],
      ]),
      notes: new Map(),
      noteOrder: [],
      unclaimed: new Map(),
    })
    this.x = p.x
    this.y = p.y
    this.settle = p.settle
    this.feeBps = fee
    this.timeoutPeriod = timeout
    this.poolName = p.name ?? 'Permaswap LP'
  }

  get reserves(): { x: bigint; y: bigint } {
    return { x: this.state.reserves.get(this.x)!, y: this.state.reserves.get(this.y)! }
  }
  get committed(): { x: bigint; y: bigint } {
    return { x: this.state.committed.get(this.x)!, y: this.state.committed.get(this.y)! }
  }
  note(id: string): PermaswapNote | undefined {
    const n = this.state.notes.get(id)
    return n && { ...n }
  }

  /** Output for `amountIn` of `tokenIn` against uncommitted reserves (what `GetAmountOut` replies). */
  amountOut(tokenIn: string, amountIn: bigint): bigint {
    const out = tokenIn === this.x ? this.y : this.x
    return permaswapAmountOut(
      this.state.reserves.get(tokenIn)!,
      this.state.reserves.get(out)! - this.state.committed.get(out)!,
      amountIn,
      this.feeBps,
    )
  }

  protected cloneState(s: PoolState): PoolState {
    const notes = new Map<string, PermaswapNote>()
    for (const [k, v] of s.notes) notes.set(k, { ...v })
    return {
      reserves: new Map(s.reserves),
      committed: new Map(s.committed),
      notes,
      noteOrder: [...s.noteOrder],
      unclaimed: new Map(s.unclaimed),
    }
  }

  private other(t: string): string {
    return t === this.x ? this.y : this.x
  }

  private expireNotes(now: number): void {
    const keep: string[] = []
    for (const id of this.state.noteOrder) {
      const n = this.state.notes.get(id)!
      if (n.Status === 'Open' && now > n.ExpireDate) {
        n.Status = 'Expired'
        this.state.committed.set(n.AssetID, this.state.committed.get(n.AssetID)! - BigInt(n.Amount))
      }
      if (n.Status === 'Open') keep.push(id)
    }
    this.state.noteOrder = keep
  }

  private failReply(msg: ModelMessage, err: string): void {
    this.reply(msg, tagList('Response-For', msg.get('Action'), 'Error', err))
  }

  private quote(
    msg: ModelMessage,
  ): { tokenIn: string; tokenOut: string; amountIn: bigint; amountOut: bigint } | string {
    const tokenIn = msg.get('Tokenin')
    if (tokenIn !== this.x && tokenIn !== this.y) return PERMASWAP_ERRORS.invalidTokenIn
    const amountIn = tryParseAmount(msg.get('Amountin'))
    if (amountIn === undefined || amountIn <= 0n) return PERMASWAP_ERRORS.invalidAmountIn
    const amountOut = this.amountOut(tokenIn, amountIn)
    if (amountOut <= 0n) return PERMASWAP_ERRORS.noAmountOut
    return { tokenIn, tokenOut: this.other(tokenIn), amountIn, amountOut }
  }

  protected dispatch(msg: ModelMessage): boolean {
    switch (msg.get('Action')) {
      case 'Info':
        this.reply(
          msg,
          tagList(
            'Action',
            'Info-Response',
            'Name',
            this.poolName,
            'X',
            this.x,
            'Y',
            this.y,
            'Fee',
            String(this.feeBps),
            'PX',
            String(this.reserves.x),
            'PY',
            String(this.reserves.y),
            'Settle',
            this.settle,
            'TimeoutPeriod',
            String(this.timeoutPeriod),
          ),
        )
        return true
      case 'GetAmountOut': {
        const q = this.quote(msg)
        if (typeof q === 'string') this.failReply(msg, q)
        else
          this.reply(
            msg,
            tagList(
              'Action',
              'GetAmountOut-Response',
              'TokenIn',
              q.tokenIn,
              'AmountIn',
              String(q.amountIn),
              'TokenOut',
              q.tokenOut,
              'AmountOut',
              String(q.amountOut),
            ),
          )
        return true
      }
      case 'RequestOrder':
        this.requestOrder(msg)
        return true
      case 'Execute':
        this.execute(msg)
        return true
      case 'Credit-Notice':
        this.creditNotice(msg)
        return true
      default:
        return false
    }
  }

  private requestOrder(msg: ModelMessage): void {
    const now = msg.timestamp
    this.expireNotes(now)
    const q = this.quote(msg)
    if (typeof q === 'string') {
      this.failReply(msg, q)
      return
    }
    const tokenOut = msg.get('Tokenout')
    if (tokenOut !== undefined && tokenOut !== q.tokenOut) {
      this.failReply(msg, PERMASWAP_ERRORS.invalidTokenOut)
      return
    }
    const minTag = msg.get('Amountout')
    if (minTag !== undefined) {
      const minOut = tryParseAmount(minTag)
      if (minOut === undefined) {
        this.failReply(msg, PERMASWAP_ERRORS.invalidAmountOut)
        return
      }
      if (q.amountOut < minOut) {
        this.failReply(msg, PERMASWAP_ERRORS.amountOutTooSmall)
        return
      }
    }
    const note: PermaswapNote = {
      NoteID: msg.id,
      Issuer: this.id,
      Settle: this.settle,
      AssetID: q.tokenOut,
      Amount: String(q.amountOut),
      HolderAssetID: q.tokenIn,
      HolderAmount: String(q.amountIn),
      Holder: msg.from,
      IssueDate: now,
      ExpireDate: now + this.timeoutPeriod,
      Status: 'Open',
    }
    this.state.notes.set(note.NoteID, note)
    this.state.noteOrder.push(note.NoteID)
    this.state.committed.set(q.tokenOut, addAmount(this.state.committed.get(q.tokenOut)!, q.amountOut))
    const data = encodeNote(note)
    this.send(this.settle, tagList('Action', 'Register-Note', 'NoteID', note.NoteID), data)
    this.reply(
      msg,
      tagList(
        'Action',
        'OrderMade-Notice',
        'NoteID',
        note.NoteID,
        'NoteSettle',
        this.settle,
        'NoteSettleVersion',
        'afk-1',
        'AssetID',
        note.AssetID,
        'Amount',
        note.Amount,
        'HolderAssetID',
        note.HolderAssetID,
        'HolderAmount',
        note.HolderAmount,
        'ExpireDate',
        String(note.ExpireDate),
      ),
      data,
    )
  }

  private execute(msg: ModelMessage): void {
    if (msg.from !== this.settle)
      fail(`Execute from ${msg.from}: only the settle process ${this.settle} may execute notes`)
    const id = msg.get('Noteid')
    const note = id !== undefined ? this.state.notes.get(id) : undefined
    this.expireNotes(msg.timestamp)
    let err: string | undefined
    if (!note) err = PERMASWAP_ERRORS.noteNotFound
    else if (note.Status === 'Expired') err = PERMASWAP_ERRORS.noteExpired
    else if (note.Status !== 'Open') err = PERMASWAP_ERRORS.noteNotOpen
    if (err || !note) {
      this.send(this.settle, tagList('Action', 'Reject', 'NoteID', id ?? 'nil', 'Error', err))
      return
    }
    note.Status = 'Executed'
    const qty = BigInt(note.Amount)
    this.state.committed.set(note.AssetID, this.state.committed.get(note.AssetID)! - qty)
    this.state.reserves.set(note.AssetID, this.state.reserves.get(note.AssetID)! - qty)
    this.send(
      note.AssetID,
      tagList(
        'Action',
        'Transfer',
        'Recipient',
        this.settle,
        'Quantity',
        note.Amount,
        'X-FFP-For',
        'Execute',
        'X-FFP-SettleID',
        msg.get('Settleid'),
        'X-FFP-NoteID',
        id,
      ),
    )
  }

  private creditNotice(msg: ModelMessage): void {
    const token = msg.from
    const sender = msg.get('Sender')
    const qty = parseAmount(msg.get('Quantity'), `Credit-Notice from ${token}: tag Quantity`)
    if (!isAddress(sender)) fail(`Credit-Notice from ${token}: tag Sender must be a process/wallet id`)
    const known = token === this.x || token === this.y
    const purpose = msg.get('X-Ffp-For')
    if (
      (known && sender === this.owner && purpose === undefined) ||
      (known && sender === this.settle && purpose === 'Execute')
    ) {
      this.state.reserves.set(token, addAmount(this.state.reserves.get(token)!, qty))
      return
    }
    if (purpose === 'Refund') {
      this.state.unclaimed.set(token, addAmount(this.state.unclaimed.get(token) ?? 0n, qty))
      return
    }
    this.send(
      token,
      tagList(
        'Action',
        'Transfer',
        'Recipient',
        sender,
        'Quantity',
        String(qty),
        'X-FFP-For',
        'Refund',
        'X-FFP-Error',
        'err_unexpected_deposit',
      ),
    )
  }
}
