import { PERMASWAP_ERRORS } from '../protocols/permaswap.ts'
import { addAmount, parseAmount } from './amount.ts'
import {
  fail,
  isAddress,
  type ModelMessage,
  ModelProcess,
  type ModelProcessParameters,
  tagList,
} from './ModelProcess.ts'

interface SettleNote {
  issuer: string
  asset: string
  amount: string
  holderAsset: string
  holderAmount: string
  holder?: string
  expire: number
  status: 'Open' | 'Executing' | 'Settled' | 'Expired' | 'Rejected'
  payer?: string
}

interface SettleState {
  notes: Map<string, SettleNote>
  unclaimed: Map<string, bigint>
}

/** TS model of `lua/processes/permaswap_settle.lua`: note registry, Settle payments, Execute deliveries, refunds. */
export class PermaswapSettleModel extends ModelProcess<SettleState> {
  constructor(p: ModelProcessParameters) {
    super(p, { notes: new Map(), unclaimed: new Map() })
  }

  noteStatus(id: string): SettleNote['status'] | undefined {
    return this.state.notes.get(id)?.status
  }

  protected cloneState(s: SettleState): SettleState {
    const notes = new Map<string, SettleNote>()
    for (const [k, v] of s.notes) notes.set(k, { ...v })
    return { notes, unclaimed: new Map(s.unclaimed) }
  }

  private transfer(token: string, recipient: string, qty: string, ...tags: Array<string | undefined>): void {
    this.send(token, [
      ...tagList('Action', 'Transfer', 'Recipient', recipient, 'Quantity', qty),
      ...tagList(...tags),
    ])
  }

  private refund(
    token: string,
    recipient: string,
    qty: string,
    noteId: string | undefined,
    err: string,
  ): void {
    this.transfer(token, recipient, qty, 'X-FFP-For', 'Refund', 'X-FFP-NoteID', noteId, 'X-FFP-Error', err)
  }

  protected dispatch(msg: ModelMessage): boolean {
    switch (msg.get('Action')) {
      case 'Register-Note':
        this.register(msg)
        return true
      case 'Credit-Notice':
        this.credit(msg)
        return true
      case 'Reject': {
        const id = msg.get('Noteid')
        const note = id !== undefined ? this.state.notes.get(id) : undefined
        if (!note || note.issuer !== msg.from) fail(`Reject from ${msg.from}: unknown note or not its issuer`)
        if (note.status !== 'Executing') fail(`Reject for note ${id} in status ${note.status}`)
        note.status = 'Rejected'
        this.refund(note.holderAsset, note.payer!, note.holderAmount, id, msg.get('Error') ?? 'err_rejected')
        return true
      }
      case 'Get-Note': {
        const id = msg.get('Noteid')
        const note = id !== undefined ? this.state.notes.get(id) : undefined
        this.reply(
          msg,
          tagList('Action', 'Get-Note-Response', 'NoteID', id, 'Status', note ? note.status : 'Unknown'),
        )
        return true
      }
      default:
        return false
    }
  }

  private register(msg: ModelMessage): void {
    let note: Record<string, unknown>
    try {
      note = JSON.parse(msg.data)
    } catch {
      fail(`Register-Note from ${msg.from}: Data must be the note JSON`)
    }
    if (typeof note !== 'object' || note === null)
      fail(`Register-Note from ${msg.from}: Data must be the note JSON`)
    if (note.Issuer !== msg.from) fail(`Register-Note from ${msg.from}: Issuer must be the sender`)
    if (typeof note.NoteID !== 'string' || this.state.notes.has(note.NoteID))
      fail('Register-Note: NoteID missing or already registered')
    parseAmount(note.Amount as string, 'note Amount')
    parseAmount(note.HolderAmount as string, 'note HolderAmount')
    this.state.notes.set(note.NoteID, {
      issuer: note.Issuer as string,
      asset: note.AssetID as string,
      amount: note.Amount as string,
      holderAsset: note.HolderAssetID as string,
      holderAmount: note.HolderAmount as string,
      holder: note.Holder as string | undefined,
      expire: Number(note.ExpireDate),
      status: 'Open',
    })
  }

  private credit(msg: ModelMessage): void {
    const sender = msg.get('Sender')
    if (!isAddress(sender)) fail(`Credit-Notice from ${msg.from}: tag Sender must be a process/wallet id`)
    const qtyTag = msg.get('Quantity')
    const qty = parseAmount(qtyTag, `Credit-Notice from ${msg.from}: tag Quantity`)
    const purpose = msg.get('X-Ffp-For')
    if (purpose === 'Settle') {
      this.settle(msg, sender, qtyTag!)
      return
    }
    if (purpose === 'Execute') {
      this.delivered(msg, sender, qtyTag!)
      return
    }
    if (purpose === 'Refund') {
      this.state.unclaimed.set(msg.from, addAmount(this.state.unclaimed.get(msg.from) ?? 0n, qty))
      return
    }
    this.refund(msg.from, sender, qtyTag!, undefined, PERMASWAP_ERRORS.unknownSettlement)
  }

  private settle(msg: ModelMessage, sender: string, qty: string): void {
    let id: string | undefined
    try {
      const ids = JSON.parse(msg.get('X-Ffp-Noteids') ?? '')
      if (Array.isArray(ids) && ids.length === 1 && typeof ids[0] === 'string') id = ids[0]
    } catch {
      id = undefined
    }
    const note = id !== undefined ? this.state.notes.get(id) : undefined
    let err: string | undefined
    if (!note) err = PERMASWAP_ERRORS.noteNotFound
    else if (note.status !== 'Open') err = PERMASWAP_ERRORS.noteNotOpen
    else if (msg.timestamp > note.expire) err = PERMASWAP_ERRORS.noteExpired
    else if (msg.from !== note.holderAsset) err = PERMASWAP_ERRORS.wrongAsset
    else if (qty !== note.holderAmount) err = PERMASWAP_ERRORS.wrongAmount
    else if (note.holder !== undefined && sender !== note.holder) err = PERMASWAP_ERRORS.wrongHolder
    if (err || !note) {
      if (note && note.status === 'Open' && err === PERMASWAP_ERRORS.noteExpired) note.status = 'Expired'
      this.refund(msg.from, sender, qty, id, err!)
      return
    }
    note.status = 'Executing'
    note.payer = sender
    this.send(note.issuer, tagList('Action', 'Execute', 'NoteID', id, 'SettleID', msg.id))
  }

  private delivered(msg: ModelMessage, sender: string, qty: string): void {
    const id = msg.get('X-Ffp-Noteid')
    const note = id !== undefined ? this.state.notes.get(id) : undefined
    if (
      note?.status !== 'Executing' ||
      msg.from !== note.asset ||
      sender !== note.issuer ||
      qty !== note.amount
    ) {
      this.refund(msg.from, sender, qty, id, PERMASWAP_ERRORS.unknownSettlement)
      return
    }
    note.status = 'Settled'
    this.transfer(note.asset, note.payer!, note.amount, 'X-FFP-For', 'Settled', 'X-FFP-NoteID', id)
    this.transfer(
      note.holderAsset,
      note.issuer,
      note.holderAmount,
      'X-FFP-For',
      'Execute',
      'X-FFP-NoteID',
      id,
    )
  }
}
