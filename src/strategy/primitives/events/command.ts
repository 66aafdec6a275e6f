import type { Value } from '../../expr.ts'
import { AgentRuntimeError, parseAmount, parseIntString } from '../../int.ts'
import type { ParamKind } from '../../params.ts'
import { own } from '../../runtime/own.ts'
import { snapshotState } from '../../runtime/snapshot.ts'
import { byteOrder, stableJson } from '../../runtime/stableJson.ts'
import type { AgentEvent, EventPrimitive, Rt } from '../../runtime/types.ts'

const COMMANDS = new Set([
  'Status',
  'Pause',
  'Resume',
  'Withdraw',
  'Update-Params',
  'Transfer-Ownership',
  'Liquidate',
])
const isId = (s: unknown): s is string => typeof s === 'string' && /^[A-Za-z0-9_-]{43}$/.test(s)
const fail = (code: ConstructorParameters<typeof AgentRuntimeError>[0], m: string): never => {
  throw new AgentRuntimeError(code, m)
}

function checkParam(spec: ParamKind | undefined, key: string, v: unknown): Value {
  if (!spec) return fail('INVALID_PARAMS', `unknown param ${key}`)
  if (typeof v !== 'string') return fail('INVALID_PARAMS', `param ${key} must be a JSON string`)
  if (spec.kind === 'int') {
    let n: bigint
    try {
      n = parseIntString(v, key)
    } catch {
      return fail('INVALID_PARAMS', `param ${key} must be an integer string`)
    }
    if ((spec.min !== undefined && n < BigInt(spec.min)) || (spec.max !== undefined && n > BigInt(spec.max)))
      fail('INVALID_PARAMS', `param ${key} is out of range`)
    return n
  }
  if (spec.kind === 'processId')
    return isId(v) ? v : fail('INVALID_PARAMS', `param ${key} must be a process id`)
  if (spec.kind === 'bool') {
    if (v !== 'true' && v !== 'false') fail('INVALID_PARAMS', `param ${key} must be "true" or "false"`)
    return v === 'true'
  }
  return v
}

/**
 * The Update-Params patch, read as aos's json module would: Data may already be decoded (Content-Type
 * application/json); JSON null values vanish, an empty array is an empty table, any other array is refused.
 */
function parsePatch(data: unknown): Record<string, unknown> {
  let v: unknown = data
  if (typeof data === 'string') {
    try {
      v = JSON.parse(data)
    } catch {
      return fail('INVALID_PARAMS', 'Data must be a JSON object of params')
    }
  }
  if (Array.isArray(v) && v.length === 0) return {}
  if (!v || typeof v !== 'object' || Array.isArray(v))
    return fail('INVALID_PARAMS', 'Data must be a JSON object of params')
  return Object.fromEntries(Object.entries(v).filter(([, x]) => x !== null))
}

/** Owner commands (Status is public); twin of lua/agent/events/command.lua. */
export const commandEvent: EventPrimitive = {
  name: 'command',
  lua: 'events/command.lua',
  events: {
    'owner.pause': {},
    'owner.resume': {},
    'owner.liquidate': {},
    'owner.transfer-ownership': { owner: 'str' },
    'owner.update-params': {},
    'owner.withdraw': { token: 'str', quantity: 'int' },
  },
  match(rt: Rt, msg): AgentEvent | 'handled' | null {
    const a = msg.Action
    if (typeof a !== 'string' || !COMMANDS.has(a)) return null
    const S = rt.S
    if (a === 'Status') {
      const doc = { ...snapshotState(S), meta: rt.meta }
      rt.send(
        String(msg.From),
        [
          { name: 'Action', value: 'Status-Response' },
          { name: 'X-Reference', value: String(msg.Reference ?? '') },
        ],
        stableJson(doc),
      )
      return 'handled'
    }
    if (msg.From !== S.owner) fail('UNAUTHORIZED', `${a} is owner-only`)
    switch (a) {
      case 'Pause':
        S.paused = true
        return { type: 'owner.pause', f: {} }
      case 'Resume':
        S.paused = false
        return { type: 'owner.resume', f: {} }
      case 'Liquidate':
        return { type: 'owner.liquidate', f: {} }
      case 'Transfer-Ownership': {
        const to = msg['New-Owner']
        if (!isId(to)) fail('INVALID_COMMAND', 'New-Owner must be a process or wallet id')
        S.owner = to as string
        return { type: 'owner.transfer-ownership', f: { owner: to as string } }
      }
      case 'Update-Params': {
        const patch = parsePatch(msg.Data)
        const next = { ...S.params }
        for (const k of Object.keys(patch).sort(byteOrder))
          next[k] = checkParam(own(rt.ir.paramSpec, k), k, patch[k])
        for (const name of rt.ir.tokens)
          if (next[name] !== S.params[name]) fail('INVALID_PARAMS', `token param ${name} cannot change`)
        S.params = next
        return { type: 'owner.update-params', f: {} }
      }
      case 'Withdraw': {
        const token = msg.Token
        const name = own(rt.ir.paramSpec, token) ? (token as string) : rt.tokenParam(token)
        if (name === undefined || own(S.balances, name) === undefined)
          return fail('UNKNOWN_TOKEN', `unknown token ${String(token)}`)
        const bal = S.balances[name]
        const q = msg.Quantity !== undefined ? parseAmount(msg.Quantity, 'Quantity') : bal
        if (q <= 0n) fail('INVALID_QUANTITY', 'nothing to withdraw')
        if (q > bal) fail('INSUFFICIENT_FUNDS', 'withdraw exceeds the available balance')
        S.balances[name] = bal - q
        const id = rt.nextOrderId()
        const tokenId = S.params[name] as string
        const ref = rt.send(tokenId, [
          { name: 'Action', value: 'Transfer' },
          { name: 'Recipient', value: S.owner },
          { name: 'Quantity', value: q.toString() },
          { name: 'X-Afk-Order', value: id },
        ])
        S.orders[id] = {
          id,
          kind: 'withdraw',
          target: tokenId,
          tokenParam: name,
          amount: q.toString(),
          recipient: S.owner,
          sentAt: rt.now.toString(),
          ref,
        }
        return { type: 'owner.withdraw', f: { token: tokenId, quantity: q } }
      }
    }
    return null
  },
}
