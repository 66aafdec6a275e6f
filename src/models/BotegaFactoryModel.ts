import type { Tag } from '../ao/message.ts'
import {
  fail,
  isAddress,
  type ModelMessage,
  ModelProcess,
  type ModelProcessParameters,
  tagList,
} from './ModelProcess.ts'

interface PoolEntry {
  tokenA: string
  tokenB: string
  feeBps: number
}

interface FactoryState {
  pools: Map<string, PoolEntry>
  order: string[]
}

const RELAYED = new Set(['Order-Confirmation', 'Order-Error', 'Provide-Confirmation', 'Provide-Error'])
const NOT_RELAYED = new Set([
  'Data-Protocol',
  'Variant',
  'Type',
  'Reference',
  'From-Process',
  'From-Module',
  'Pushed-For',
  'Relayed-From',
])

export interface BotegaFactoryModelParameters extends ModelProcessParameters {
  /** Pools registered up front (as if by `Register-Pool`). */
  pools?: Array<{ id: string; tokenA: string; tokenB: string; feeBps?: number }>
}

/** Lua `math.tointeger(tonumber(s))` for the integer strings we accept. */
function toInteger(s: string): number | undefined {
  const t = s.trim()
  if (!/^[-+]?(?:[0-9]+(?:\.0*)?|0x[0-9a-fA-F]+)$/.test(t)) return undefined
  const n = Number(t)
  return Number.isSafeInteger(n) ? n : undefined
}

/** TS model of `lua/processes/botega_factory.lua`: pool registry, `Get-Pool`, and result relaying. */
export class BotegaFactoryModel extends ModelProcess<FactoryState> {
  constructor(p: BotegaFactoryModelParameters) {
    const pools = new Map<string, PoolEntry>()
    const order: string[] = []
    for (const x of p.pools ?? []) {
      if (!pools.has(x.id)) order.push(x.id)
      pools.set(x.id, { tokenA: x.tokenA, tokenB: x.tokenB, feeBps: x.feeBps ?? 25 })
    }
    super(p, { pools, order })
  }

  protected cloneState(s: FactoryState): FactoryState {
    return { pools: new Map(s.pools), order: [...s.order] }
  }

  /** The first registered pool for the pair (either order), optionally with a fee tier. */
  getPool(tokenA: string, tokenB: string, feeBps?: number): string | undefined {
    for (const id of this.state.order) {
      const p = this.state.pools.get(id)!
      const same =
        (p.tokenA === tokenA && p.tokenB === tokenB) || (p.tokenA === tokenB && p.tokenB === tokenA)
      if (same && (feeBps === undefined || p.feeBps === feeBps)) return id
    }
    return undefined
  }

  protected dispatch(msg: ModelMessage): boolean {
    const action = msg.get('Action')
    if (action === 'Register-Pool') return this.register(msg)
    if (action === 'Get-Pool') {
      const a = msg.get('Token-A')
      const b = msg.get('Token-B')
      const feeTag = msg.get('Fee-Bps')
      const fee = feeTag !== undefined ? toInteger(feeTag) : undefined
      const found = a !== undefined && b !== undefined ? this.getPool(a, b, fee) : undefined
      this.reply(
        msg,
        tagList(
          'Action',
          'Get-Pool-Response',
          'Pool-Id',
          found,
          'Pending',
          'false',
          'Token-A',
          a,
          'Token-B',
          b,
        ),
      )
      return true
    }
    if (action === 'Get-Pools') {
      const parts = this.state.order.map(
        (id) => `"${id}":["${this.state.pools.get(id)!.tokenA}","${this.state.pools.get(id)!.tokenB}"]`,
      )
      this.reply(msg, tagList('Action', 'Get-Pools-Response'), `{${parts.join(',')}}`)
      return true
    }
    if (action !== undefined && RELAYED.has(action) && msg.get('Relay-To') !== undefined) {
      if (!this.state.pools.has(msg.from))
        fail(`${action} with Relay-To from ${msg.from}, which is not a registered pool`)
      const tags: Tag[] = msg.tagArray
        .filter((t) => !NOT_RELAYED.has(t.name))
        .map((t) => ({ name: t.name, value: t.value }))
      tags.push({ name: 'Relayed-From', value: msg.from })
      this.send(msg.get('Relay-To')!, tags, msg.data)
      return true
    }
    return false
  }

  private register(msg: ModelMessage): boolean {
    if (msg.from !== this.owner)
      fail(`Register-Pool: only the factory owner may register pools (From ${msg.from})`)
    const pool = msg.get('Pool-Id')
    const a = msg.get('Token-A')
    const b = msg.get('Token-B')
    for (const [name, v] of [
      ['Pool-Id', pool],
      ['Token-A', a],
      ['Token-B', b],
    ] as const)
      if (!isAddress(v)) fail(`Register-Pool: tag ${name} must be a process id, got ${v ?? 'nil'}`)
    const fee = toInteger(msg.get('Fee-Bps') ?? '25')
    if (fee === undefined || fee < 0 || fee >= 10000)
      fail('Register-Pool: tag Fee-Bps must be an integer below 10000')
    if (!this.state.pools.has(pool!)) this.state.order.push(pool!)
    this.state.pools.set(pool!, { tokenA: a!, tokenB: b!, feeBps: fee })
    this.reply(
      msg,
      tagList(
        'Action',
        'Register-Pool-Response',
        'Pool-Id',
        pool,
        'Token-A',
        a,
        'Token-B',
        b,
        'Fee-Bps',
        String(fee),
      ),
    )
    return true
  }
}
