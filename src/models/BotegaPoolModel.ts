import { aosSend, aosTrusts } from '../ao/aosMessage.ts'
import {
  builtMessage,
  type DirectSend,
  isUnbuilt,
  type SourceMessage,
  type Unseen,
} from '../ao/directApply.ts'
import type { AoMessage, OutboxMessage, Tag } from '../ao/message.ts'
import { ModelConfigError } from '../errors/protocol.ts'
import { BOTEGA_ERRORS, RESERVED_X_TAGS } from '../protocols/botega.ts'
import { addAmount, isqrt, mulAmount, parseAmount, tryParseAmount } from './amount.ts'
import { type BotegaSwapResult, botegaPrice, botegaQuote, botegaSwap, bpsToPercent } from './botegaSwap.ts'
import {
  fail,
  forwardX,
  isAddress,
  type ModelMessage,
  ModelProcess,
  type ModelProcessParameters,
  rootTags,
  tagList,
  toModelMessage,
} from './ModelProcess.ts'
import { UndoMap } from './UndoMap.ts'

export interface BotegaPoolModelParameters extends ModelProcessParameters {
  tokenA: string
  tokenB: string
  /** LP fee in bps (process tag `Fee-Bps`, default 25). */
  lpFeeBps?: number
  /** Protocol fee in bps (`Protocol-Fee-Bps`, default 0). */
  protocolFeeBps?: number
  feeCollector?: string
  factory?: string
  name?: string
  /** Start with these reserves and LP supply (as if provided by `lpHolder`). */
  reserves?: { a: bigint; b: bigint; lpHolder?: string; lpSupply?: bigint }
}

interface PoolState {
  reserveA: bigint
  reserveB: bigint
  balances: UndoMap<string, bigint>
  totalSupply: bigint
  pending: UndoMap<string, { token: string; quantity: bigint; id: string }>
  protocolFeesAccrued: { a: bigint; b: bigint }
}

const RESERVED = new Set<string>(RESERVED_X_TAGS)

/** A swap that passed every check: what it takes, what it pays and who gets it. */
interface SwapPlan {
  tokenIn: string
  tokenOut: string
  sender: string
  qty: bigint
  r: BotegaSwapResult
}

/** A swap's checks passed (the plan, the protocol fees to keep) or failed (the refund's reason). */
type PlannedSwap =
  | { plan: SwapPlan; accrued: bigint | undefined }
  | { reason: string; tokenIn: string; sender: string; qty: bigint }

/** The sends of one directly applied swap, built together on first demand. */
class LaterSwapSends {
  private built: OutboxMessage[] | undefined
  constructor(
    private readonly pool: BotegaPoolModel,
    readonly message: SourceMessage,
    readonly planned: PlannedSwap,
    /** the reserves right after the swap (a refund: unused) */
    readonly reserveA: bigint,
    readonly reserveB: bigint,
    readonly ref: number,
  ) {}
  get(i: number): OutboxMessage {
    this.built ??= this.pool.buildLater(this)
    return this.built[i]
  }
}

class LaterSend implements DirectSend {
  constructor(
    readonly target: string,
    readonly action: string,
    private readonly later: LaterSwapSends,
    private readonly index: number,
    readonly transfer?: { recipient: string; quantity: bigint },
  ) {}
  build(): OutboxMessage {
    return this.later.get(this.index)
  }
}

/** The tags a direct swap reads (`applyDirect`), in the order of `rootTagsAmounts`' answer: amounts last. */
const SWAP_TAGS = ['Action', 'X-Action', 'Sender', 'X-Expected-Output', 'Quantity', 'X-Expected-Min-Output']
const SWAP_AMOUNTS = 4

/** `UnbuiltMessage.rootTagsAmounts` for a built message */
function rootTagsAmounts(
  m: AoMessage,
  names: readonly string[],
  amountsFrom: number,
): (string | bigint | null | undefined)[] {
  const t: (string | bigint | null | undefined)[] = rootTags(m, names)
  for (let j = amountsFrom; j < t.length; j++) {
    const v = t[j] as string | undefined
    if (v !== undefined) t[j] = tryParseAmount(v) ?? null
  }
  return t
}

/** TS model of `lua/processes/botega_pool.lua` (swap, provide, burn, queries) with the same outbox and refusals. */
export class BotegaPoolModel extends ModelProcess<PoolState> {
  /** a token's Debit-Notice for the pool's own transfer: the pool has no handler for it */
  protected override readonly ignoredActions: ReadonlySet<string> = new Set(['Debit-Notice'])
  readonly tokenA: string
  readonly tokenB: string
  readonly lpFeeBps: number
  readonly protocolFeeBps: number
  readonly feeCollector: string | undefined
  readonly factory: string | undefined
  readonly poolName: string

  constructor(p: BotegaPoolModelParameters) {
    const lp = p.lpFeeBps ?? 25
    const pf = p.protocolFeeBps ?? 0
    if (!isAddress(p.tokenA) || !isAddress(p.tokenB) || p.tokenA === p.tokenB)
      throw new ModelConfigError('tokenA and tokenB must be two different process ids.', {
        model: `BotegaPoolModel ${p.id}`,
      })
    if (!Number.isInteger(lp) || !Number.isInteger(pf) || lp < 0 || pf < 0 || lp + pf >= 10000)
      throw new ModelConfigError('Fee bps must be non-negative integers with a sum below 10000.', {
        model: `BotegaPoolModel ${p.id}`,
      })
    const r = p.reserves
    const supply = r ? (r.lpSupply ?? isqrt(r.a * r.b)) : 0n
    const balances = new UndoMap<string, bigint>()
    if (r && supply > 0n) balances.set(r.lpHolder ?? p.owner, supply)
    super(p, {
      reserveA: r?.a ?? 0n,
      reserveB: r?.b ?? 0n,
      balances,
      totalSupply: supply,
      pending: new UndoMap(),
      protocolFeesAccrued: { a: 0n, b: 0n },
    })
    this.tokenA = p.tokenA
    this.tokenB = p.tokenB
    this.lpFeeBps = lp
    this.protocolFeeBps = pf
    this.feeCollector = p.feeCollector
    this.factory = p.factory
    this.poolName = p.name ?? 'Botega LP'
  }

  get reserves(): { a: bigint; b: bigint } {
    return { a: this.state.reserveA, b: this.state.reserveB }
  }
  get totalSupply(): bigint {
    return this.state.totalSupply
  }
  lpBalanceOf(account: string): bigint {
    return this.state.balances.get(account) ?? 0n
  }
  get protocolFeesAccrued(): { a: bigint; b: bigint } {
    return { ...this.state.protocolFeesAccrued }
  }

  /** Quote exactly as `Get-Swap-Output` would (throws `BotegaSwapError`/`AmountError` like the pool refuses). */
  quote(tokenIn: string, amountIn: bigint) {
    return botegaSwap(
      this.res(tokenIn),
      this.res(this.other(tokenIn)),
      amountIn,
      this.lpFeeBps,
      this.protocolFeeBps,
    )
  }

  protected cloneState(s: PoolState): PoolState {
    return {
      ...s,
      balances: new UndoMap(s.balances),
      pending: new UndoMap(s.pending),
      protocolFeesAccrued: { ...s.protocolFeesAccrued },
    }
  }

  /** Scalars saved, maps journaled: no copy of every LP balance per message. */
  protected override saveForRollback(): () => void {
    const s = this.state
    const scalars = { ...s, protocolFeesAccrued: { ...s.protocolFeesAccrued } }
    s.balances.begin()
    s.pending.begin()
    return () => {
      s.balances.rollback()
      s.pending.rollback()
      this.state = Object.assign(s, scalars)
    }
  }

  private res(token: string): bigint {
    return token === this.tokenA ? this.state.reserveA : this.state.reserveB
  }
  private setRes(token: string, v: bigint): void {
    if (token === this.tokenA) this.state.reserveA = v
    else this.state.reserveB = v
  }
  private other(token: string): string {
    return token === this.tokenA ? this.tokenB : this.tokenA
  }
  private inPair(token: string | undefined): token is string {
    return token === this.tokenA || token === this.tokenB
  }

  private notify(user: string, tags: Tag[], fwd: Tag[]): void {
    this.send(...this.notifyTo(user, tags, fwd))
  }

  private notifyTo(user: string, tags: Tag[], fwd: Tag[]): [string, Tag[]] {
    if (this.factory)
      return [this.factory, [tags[0], { name: 'Relay-To', value: user }, ...tags.slice(1), ...fwd]]
    return [user, [...tags, ...fwd]]
  }

  private transfer(token: string, recipient: string, qty: bigint, tags: Tag[]): void {
    this.send(...this.transferTo(token, recipient, qty, tags))
  }

  private transferTo(token: string, recipient: string, qty: bigint, tags: Tag[]): [string, Tag[]] {
    return [
      token,
      [...tagList('Action', 'Transfer', 'Recipient', recipient, 'Quantity', String(qty)), ...tags],
    ]
  }

  protected dispatch(msg: ModelMessage): boolean {
    switch (msg.get('Action')) {
      case 'Credit-Notice':
        this.creditNotice(msg)
        return true
      case 'Burn':
        this.burn(msg)
        return true
      default:
        return this.query(msg)
    }
  }

  private creditNotice(msg: ModelMessage): void {
    const token = msg.from
    const sender = msg.get('Sender')
    if (!isAddress(sender)) fail(`Credit-Notice from ${token}: tag Sender must be a process/wallet id`)
    const qty = parseAmount(msg.get('Quantity'), `Credit-Notice from ${token}: tag Quantity`)
    const fwd = forwardX(msg, RESERVED)
    const action = msg.get('X-Action')
    if (!this.inPair(token) || (action !== 'Swap' && action !== 'Provide')) {
      const err = this.inPair(token) ? BOTEGA_ERRORS.invalidAction : BOTEGA_ERRORS.tokenNotInPair
      this.transfer(token, sender, qty, [
        ...tagList(
          'X-Action',
          action !== undefined ? `${action}-Error` : 'Credit-Notice-Error',
          'X-Error',
          err,
          'X-Refunded-Order',
          msg.id,
        ),
        ...fwd,
      ])
      return
    }
    if (action === 'Provide') {
      this.provide(msg, token, sender, qty, fwd)
      return
    }
    const minTag = msg.get('X-Expected-Min-Output')
    const planned = this.planSwap(
      token,
      sender,
      qty,
      msg.get('X-Expected-Output'),
      minTag === undefined ? undefined : (tryParseAmount(minTag) ?? null),
    )
    if (!('reason' in planned)) this.applySwap(planned.plan, planned.accrued)
    const sends =
      'reason' in planned
        ? this.refundSends(msg, token, sender, qty, fwd, planned.reason)
        : this.swapSends(msg, planned.plan, fwd)
    for (const [target, tags] of sends) this.send(target, tags)
  }

  /**
   * A swap's checks in the handler's order, nothing changed yet: the plan (and the protocol fees to keep), or the
   * reason of the refund (the text of the error the Lua handler raises and catches).
   */
  private planSwap(
    tokenIn: string,
    sender: string,
    qty: bigint,
    expectedOutput: string | undefined,
    /** the `X-Expected-Min-Output` tag as `tryParseAmount` reads it: undefined when absent, null when no amount */
    minOut: bigint | null | undefined,
  ): PlannedSwap {
    if (expectedOutput !== undefined)
      return { reason: BOTEGA_ERRORS.expectedOutputDisabled, tokenIn, sender, qty }
    if (minOut === undefined) return { reason: BOTEGA_ERRORS.missingMinOutput, tokenIn, sender, qty }
    if (minOut === null || minOut <= 0n)
      return { reason: BOTEGA_ERRORS.invalidMinOutput, tokenIn, sender, qty }
    const tokenOut = this.other(tokenIn)
    try {
      const r = botegaSwap(this.res(tokenIn), this.res(tokenOut), qty, this.lpFeeBps, this.protocolFeeBps)
      if (r.amountOut < minOut) return { reason: BOTEGA_ERRORS.minOutput, tokenIn, sender, qty }
      const acc = this.state.protocolFeesAccrued
      const accrued =
        r.protocolFee > 0n && !this.feeCollector
          ? addAmount(tokenIn === this.tokenA ? acc.a : acc.b, r.protocolFee)
          : undefined
      return { plan: { tokenIn, tokenOut, sender, qty, r }, accrued }
    } catch (e) {
      return { reason: e instanceof Error ? e.message : String(e), tokenIn, sender, qty }
    }
  }

  /** The state change of a swap that passed every check (`accrued`: the protocol fees kept, if any). */
  private applySwap(p: SwapPlan, accrued: bigint | undefined): void {
    this.setRes(p.tokenIn, p.r.newReserveIn)
    this.setRes(p.tokenOut, p.r.newReserveOut)
    const acc = this.state.protocolFeesAccrued
    if (accrued !== undefined)
      this.state.protocolFeesAccrued =
        p.tokenIn === this.tokenA ? { ...acc, a: accrued } : { ...acc, b: accrued }
  }

  /** What a swap sends once applied (reserves read after the change): payout, protocol fee, confirmation. */
  private swapSends(msg: ModelMessage, p: SwapPlan, fwd: Tag[]): [string, Tag[]][] {
    const { tokenIn, tokenOut, sender, qty, r } = p
    const ra = String(this.state.reserveA)
    const rb = String(this.state.reserveB)
    const ts = String(msg.timestamp)
    const fee = this.lpFeeBps + this.protocolFeeBps
    const out: [string, Tag[]][] = [
      this.transferTo(tokenOut, sender, r.amountOut, [
        ...tagList(
          'X-Action',
          'Swap-Output',
          'X-Reserves-Token-A',
          ra,
          'X-Reserves-Token-B',
          rb,
          'X-Fee-Bps',
          String(fee),
          'X-Token-A',
          this.tokenA,
          'X-Token-B',
          this.tokenB,
          'X-Swap-Timestamp',
          ts,
        ),
        ...fwd,
      ]),
    ]
    if (r.protocolFee > 0n && this.feeCollector)
      out.push(
        this.transferTo(
          tokenIn,
          this.feeCollector,
          r.protocolFee,
          tagList('X-Action', 'Protocol-Fee', 'X-Refunded-Order', msg.id),
        ),
      )
    out.push(
      this.notifyTo(
        sender,
        tagList(
          'Action',
          'Order-Confirmation',
          'Order-Id',
          msg.id,
          'From-Token',
          tokenIn,
          'From-Quantity',
          String(qty),
          'To-Token',
          tokenOut,
          'To-Quantity',
          String(r.amountOut),
          'Reserves-Token-A',
          ra,
          'Reserves-Token-B',
          rb,
          'Token-A',
          this.tokenA,
          'Token-B',
          this.tokenB,
          'Fee-Percentage',
          bpsToPercent(fee),
          'Total-Fee',
          String(r.totalFee),
          'LP-Fee',
          String(r.lpFee),
          'Protocol-Fee',
          String(r.protocolFee),
          'User',
          sender,
          'Trigger-Timestamp',
          ts,
        ),
        fwd,
      ),
    )
    return out
  }

  /**
   * A recorded swap applied to the reserves without evaluating its message (the replay fast path, see
   * `DirectProcess`), filled or refunded exactly as the handler would: only when its confirmation is unseen (the
   * swapper, or the factory that relays it, is outside the world) and there is no fee collector. Anything else
   * (provides, burns, malformed notices, the agent's own swaps) returns undefined before changing anything and is
   * evaluated as usual. The sends are built on demand by the same `swapSends`/`refundSends`, with the Reference
   * values and reserves they would have had.
   */
  applyDirect(message: SourceMessage, unseen: Unseen): DirectSend[] | undefined {
    if (!aosTrusts(message, this.authorities)) return undefined
    const t = isUnbuilt(message)
      ? message.rootTagsAmounts(SWAP_TAGS, SWAP_AMOUNTS)
      : rootTagsAmounts(message, SWAP_TAGS, SWAP_AMOUNTS)
    if (t[0] !== 'Credit-Notice' || t[1] !== 'Swap') return undefined
    const tokenIn = message.From
    const sender = t[2] as string | undefined
    if (!this.inPair(tokenIn) || !isAddress(sender)) return undefined
    const qty = t[4] as bigint | null | undefined
    if (typeof qty !== 'bigint' || this.feeCollector) return undefined
    const planned = this.planSwap(
      tokenIn,
      sender,
      qty,
      t[3] as string | undefined,
      t[5] as bigint | null | undefined,
    )
    const notify = this.factory ?? sender
    const action = 'reason' in planned ? 'Order-Error' : 'Order-Confirmation'
    if (!unseen(notify, action)) return undefined
    const ref = this.takeReferences(2)
    // no closures here: tsx names every closure it creates, which cost more than the swap itself
    let token = tokenIn
    let quantity = qty
    if (!('reason' in planned)) {
      this.applySwap(planned.plan, planned.accrued)
      token = planned.plan.tokenOut
      quantity = planned.plan.r.amountOut
    }
    const later = new LaterSwapSends(this, message, planned, this.state.reserveA, this.state.reserveB, ref)
    return [
      new LaterSend(token, 'Transfer', later, 0, { recipient: sender, quantity }),
      new LaterSend(notify, action, later, 1),
    ]
  }

  /** The outbox of a directly applied swap (`applyDirect`), built as the handler would have built it then. */
  buildLater(l: LaterSwapSends): OutboxMessage[] {
    const m = toModelMessage(builtMessage(l.message))
    const fwd = forwardX(m, RESERVED)
    const planned = l.planned
    let sends: [string, Tag[]][]
    if ('reason' in planned)
      sends = this.refundSends(m, planned.tokenIn, planned.sender, planned.qty, fwd, planned.reason)
    else {
      // the state may have moved on since: the sends carry the reserves right after that swap
      const now = this.state
      this.state = { ...now, reserveA: l.reserveA, reserveB: l.reserveB }
      try {
        sends = this.swapSends(m, planned.plan, fwd)
      } finally {
        this.state = now
      }
    }
    return sends.map(([target, tags], k) => aosSend(l.ref + k, target, tags))
  }

  private refundSends(
    msg: ModelMessage,
    tokenIn: string,
    sender: string,
    qty: bigint,
    fwd: Tag[],
    reason: string,
  ): [string, Tag[]][] {
    return [
      this.transferTo(tokenIn, sender, qty, [
        ...tagList(
          'X-Refund-Reason',
          reason,
          'X-Refunded-Transfer',
          msg.get('Pushed-For'),
          'X-Refunded-Order',
          msg.id,
        ),
        ...fwd,
      ]),
      this.notifyTo(
        sender,
        tagList(
          'Action',
          'Order-Error',
          'Response-For',
          'Swap',
          'Order-Id',
          msg.id,
          'Result',
          reason,
          'From-Token',
          tokenIn,
          'From-Quantity',
          String(qty),
          'To-Token',
          this.other(tokenIn),
          'To-Quantity',
          msg.get('X-Expected-Min-Output') ?? '0',
          'User',
          sender,
        ),
        fwd,
      ),
    ]
  }

  private provideAmounts(a: bigint, b: bigint): [bigint, bigint, bigint] {
    const s = this.state
    if (s.totalSupply === 0n || s.reserveA === 0n || s.reserveB === 0n) return [a, b, isqrt(mulAmount(a, b))]
    let useA = a
    let useB = mulAmount(a, s.reserveB) / s.reserveA
    if (useB > b) {
      useA = mulAmount(b, s.reserveA) / s.reserveB
      useB = b
    }
    const lpA = mulAmount(useA, s.totalSupply) / s.reserveA
    const lpB = mulAmount(useB, s.totalSupply) / s.reserveB
    return [useA, useB, lpB < lpA ? lpB : lpA]
  }

  private provide(msg: ModelMessage, token: string, sender: string, qty: bigint, fwd: Tag[]): void {
    const pending = this.state.pending.get(sender)
    if (!pending) {
      this.state.pending.set(sender, { token, quantity: qty, id: msg.id })
      return
    }
    if (pending.token === token) {
      this.transfer(token, sender, qty, [
        ...tagList(
          'X-Action',
          'Provide-Error',
          'X-Error',
          'A provide of this token is already pending',
          'X-Refunded-Provide',
          msg.id,
        ),
        ...fwd,
      ])
      return
    }
    this.state.pending.delete(sender)
    const a = token === this.tokenA ? qty : pending.quantity
    const b = token === this.tokenB ? qty : pending.quantity
    let useA: bigint
    let useB: bigint
    let lp: bigint
    try {
      ;[useA, useB, lp] = this.provideAmounts(a, b)
      if (lp <= 0n) fail('Provided quantities are too small to mint pool tokens')
      const newA = addAmount(this.state.reserveA, useA)
      const newB = addAmount(this.state.reserveB, useB)
      const newSupply = addAmount(this.state.totalSupply, lp)
      const newBal = addAmount(this.lpBalanceOf(sender), lp)
      Object.assign(this.state, { reserveA: newA, reserveB: newB, totalSupply: newSupply })
      this.state.balances.set(sender, newBal)
    } catch (e) {
      const reason = e instanceof Error ? e.message : String(e)
      for (const [t, q] of [
        [this.tokenA, a],
        [this.tokenB, b],
      ] as const)
        this.transfer(t, sender, q, [
          ...tagList('X-Action', 'Provide-Error', 'X-Error', reason, 'X-Refunded-Provide', pending.id),
          ...fwd,
        ])
      this.notify(
        sender,
        tagList('Action', 'Provide-Error', 'Provide-Id', pending.id, 'Result', reason, 'User', sender),
        fwd,
      )
      return
    }
    if (a > useA)
      this.transfer(this.tokenA, sender, a - useA, [
        ...tagList('X-Action', 'Provide-Refund', 'X-Refunded-Provide', pending.id),
        ...fwd,
      ])
    if (b > useB)
      this.transfer(this.tokenB, sender, b - useB, [
        ...tagList('X-Action', 'Provide-Refund', 'X-Refunded-Provide', pending.id),
        ...fwd,
      ])
    this.send(sender, [
      ...tagList(
        'Action',
        'Credit-Notice',
        'Sender',
        this.id,
        'Quantity',
        String(lp),
        'X-Action',
        'Provide-Output',
        'X-Refunded-Provide',
        pending.id,
      ),
      ...fwd,
    ])
    this.notify(
      sender,
      tagList(
        'Action',
        'Provide-Confirmation',
        'Provide-Id',
        pending.id,
        'Received-Pool-Tokens',
        String(lp),
        'Token-A',
        this.tokenA,
        'Token-B',
        this.tokenB,
        'Token-A-Quantity',
        String(useA),
        'Token-B-Quantity',
        String(useB),
        'User',
        sender,
      ),
      fwd,
    )
  }

  private burn(msg: ModelMessage): void {
    const qty = parseAmount(msg.get('Quantity'), 'Burn: tag Quantity')
    if (qty <= 0n) fail('Burn: tag Quantity must be greater than 0')
    const bal = this.lpBalanceOf(msg.from)
    const supply = this.state.totalSupply
    let err: string | undefined
    let a = 0n
    let b = 0n
    if (bal < qty) err = 'Insufficient pool token balance'
    else {
      a = mulAmount(qty, this.state.reserveA) / supply
      b = mulAmount(qty, this.state.reserveB) / supply
      if (a <= 0n || b <= 0n) err = 'Burn quantity is too small to withdraw both tokens'
    }
    if (err) {
      this.reply(msg, tagList('Action', 'Burn-Error', 'Error', err, 'Quantity', String(qty)))
      return
    }
    this.state.balances.set(msg.from, bal - qty)
    this.state.totalSupply = supply - qty
    this.state.reserveA -= a
    this.state.reserveB -= b
    this.transfer(this.tokenA, msg.from, a, tagList('X-Action', 'Burn-LP-Output'))
    this.transfer(this.tokenB, msg.from, b, tagList('X-Action', 'Burn-LP-Output'))
    this.reply(
      msg,
      tagList(
        'Action',
        'Burn-Confirmation',
        'Burned-Pool-Tokens',
        String(qty),
        'Token-A',
        this.tokenA,
        'Token-B',
        this.tokenB,
        'Token-A-Quantity',
        String(a),
        'Token-B-Quantity',
        String(b),
      ),
    )
  }

  private query(msg: ModelMessage): boolean {
    const s = this.state
    switch (msg.get('Action')) {
      case 'Info':
        this.reply(
          msg,
          tagList(
            'Action',
            'Info-Response',
            'Name',
            this.poolName,
            'Ticker',
            'BOTG-LP',
            'Denomination',
            '12',
            'TotalSupply',
            String(s.totalSupply),
            'Type',
            'AMM',
            'TokenA',
            this.tokenA,
            'TokenB',
            this.tokenB,
            // LP and protocol fee together, as the real pool reports it (dex-protocols.md §2.1.5b)
            'FeeBps',
            String(this.lpFeeBps + this.protocolFeeBps),
            'Protocol-Fee-Bps',
            String(this.protocolFeeBps),
          ),
        )
        return true
      case 'Get-Pair':
        this.reply(
          msg,
          tagList('Action', 'Get-Pair-Response', 'Token-A', this.tokenA, 'Token-B', this.tokenB),
        )
        return true
      case 'Get-Reserves':
        this.reply(
          msg,
          tagList(
            'Action',
            'Get-Reserves-Response',
            this.tokenA,
            String(s.reserveA),
            this.tokenB,
            String(s.reserveB),
          ),
        )
        return true
      case 'Get-K':
        this.reply(msg, tagList('Action', 'Get-K-Response', 'K', String(mulAmount(s.reserveA, s.reserveB))))
        return true
      case 'Get-Price': {
        const qty = parseAmount(msg.get('Quantity') ?? '1', 'Get-Price: tag Quantity')
        const token = msg.get('Token')
        const price =
          this.inPair(token) && qty > 0n ? botegaPrice(this.res(token), this.res(this.other(token)), qty) : 0n
        this.reply(msg, tagList('Action', 'Get-Price-Response', 'Price', String(price)))
        return true
      }
      case 'Get-Swap-Output': {
        // as the real pool (§2.1.5b): unknown token → ao.send (no X-Reference); malformed → raise, no reply;
        // nothing to pay out → Output = 0
        const token = msg.get('Token')
        if (!this.inPair(token)) {
          this.send(
            msg.from,
            tagList('Action', 'Get-Swap-Output-Error', 'Error', 'Unknown token', 'Status', 'Error'),
          )
          return true
        }
        if (!isAddress(msg.get('Swapper'))) fail('Swapper is required')
        const qty = parseAmount(msg.get('Quantity'), 'Quantity')
        if (qty <= 0n) fail('Quantity must be greater than 0')
        const r = botegaQuote(
          this.res(token),
          this.res(this.other(token)),
          qty,
          this.lpFeeBps,
          this.protocolFeeBps,
        )
        this.reply(
          msg,
          tagList(
            'Action',
            'Get-Swap-Output-Response',
            'Output',
            String(r.amountOut),
            'Quantity-After-Fees',
            String(r.adjustedIn),
            'LP-Fee-Quantity',
            String(r.lpFee),
            'Protocol-Fee-Quantity',
            String(r.protocolFee),
            'Has-Fee-Discount',
            'false',
          ),
        )
        return true
      }
      case 'Get-Fee-Percentage':
        this.reply(
          msg,
          tagList(
            'Action',
            'Get-Fee-Percentage-Response',
            'LP-Fee-Percentage',
            bpsToPercent(this.lpFeeBps),
            'Protocol-Fee-Percentage',
            bpsToPercent(this.protocolFeeBps),
            'Fee-Percentage',
            bpsToPercent(this.lpFeeBps + this.protocolFeeBps),
          ),
        )
        return true
      case 'Balance': {
        const account = msg.get('Recipient') ?? msg.tags.get('Target') ?? msg.from
        const bal = s.balances.has(account) ? String(s.balances.get(account)) : '0'
        this.reply(
          msg,
          tagList('Action', 'Balance-Response', 'Balance', bal, 'Ticker', 'BOTG-LP', 'Account', account),
          bal,
        )
        return true
      }
      case 'Total-Supply':
        this.reply(msg, tagList('Action', 'Total-Supply', 'Ticker', 'BOTG-LP'), String(s.totalSupply))
        return true
      default:
        return false
    }
  }
}
