import { AgentRuntimeError } from '../../../../errors/agent.ts'
import { WIRE_COMMANDS, WIRE_ERRORS, type WireErrorKey, wireText } from '../../../../protocols/agentWire.ts'
import { byteOrder, stableJson } from '../../../../protocols/stableJson.ts'
import type { Value } from '../../../../strategy/expr.ts'
import { checkInt, parseAmount, parseIntString } from '../../../../strategy/int.ts'
import type { ParamKind } from '../../../../strategy/params.ts'
import { own } from '../../own.ts'
import { checkListParam, identityChanged, orderInFlight } from '../../paramPatch.ts'
import { payOwner } from '../../payOwner.ts'
import { snapshotState } from '../../snapshot.ts'
import { startSync } from '../../sync.ts'
import type { AgentEvent, EventMatch, Rt } from '../../types.ts'

const NON_ASCII = /[^ -~\t\n\v\f\r]/
const COMMANDS = new Set(WIRE_COMMANDS.map((c) => c.action))
const LOWER = new Map(WIRE_COMMANDS.map((c) => [asciiLower(c.action), c.action]))
const isId = (s: unknown): s is string => typeof s === 'string' && /^[A-Za-z0-9_-]{43}$/.test(s)

/** Lua's string.lower: ASCII only. */
function asciiLower(s: string): string {
  // on pure ASCII, toLowerCase changes exactly A-Z (every message with an Action comes here: keep it cheap)
  return NON_ASCII.test(s) ? s.replace(/[A-Z]/g, (c) => c.toLowerCase()) : s.toLowerCase()
}

const fail = (key: WireErrorKey, vars: Record<string, string> = {}): never => {
  throw new AgentRuntimeError(WIRE_ERRORS[key].code, wireText(key, vars))
}

function checkParam(spec: ParamKind | undefined, key: string, v: unknown): Value {
  if (!spec) return fail('unknownParam', { key })
  if (typeof v !== 'string') return fail('paramNotString', { key })
  if (spec.kind === 'int') {
    let n: bigint
    try {
      n = parseIntString(v, key)
    } catch {
      return fail('paramNotInt', { key })
    }
    if ((spec.min !== undefined && n < BigInt(spec.min)) || (spec.max !== undefined && n > BigInt(spec.max)))
      fail('paramRange', { key })
    return n
  }
  if (spec.kind === 'processId') return isId(v) ? v : fail('paramNotId', { key })
  if (spec.kind === 'bool') {
    if (v !== 'true' && v !== 'false') fail('paramNotBool', { key })
    return v === 'true'
  }
  return v
}

/**
 * The Update-Params patch, read as aos's json module would: Data may already be decoded (Content-Type
 * application/json, where JSON nulls vanish); in raw Data a null value is refused; an empty array is an empty
 * table, any other array is refused.
 */
function parsePatch(data: unknown): Record<string, unknown> {
  let v: unknown = data
  if (typeof data === 'string') {
    if (/[:,[][ \t\r\n]*null[ \t\r\n]*[,}\]]/.test(data)) fail('nullParam')
    try {
      v = JSON.parse(data)
    } catch {
      return fail('badPatch')
    }
  }
  if (Array.isArray(v) && v.length === 0) return {}
  if (!v || typeof v !== 'object' || Array.isArray(v)) return fail('badPatch')
  return Object.fromEntries(Object.entries(v).filter(([, x]) => x !== null))
}

/** Every process id held in a list param's items (an asset's token or pool). */
function listIds(rt: Rt, params: Record<string, Value>): string[] {
  const out: string[] = []
  for (const [k, spec] of Object.entries(rt.ir.listParams ?? {})) {
    if (spec.kind !== 'list') continue
    for (const item of params[k] as Array<Record<string, Value>>)
      for (const [f, fk] of Object.entries(spec.fields))
        if (fk.kind === 'processId') out.push(String(item[f]))
  }
  return out
}

/** A token param name or a token process id. */
function tokenName(rt: Rt, token: unknown): string {
  // a token's name (its balance key: a token param, or `<list>[<i>]` for listTokens) or its process id
  const name = own(rt.S.balances, token) !== undefined ? (token as string) : rt.tokenParam(token)
  if (name === undefined || own(rt.S.balances, name) === undefined)
    return fail('unknownToken', { token: String(token) })
  return name
}

/**
 * `command` in the TS engine
 * (definition: src/strategy/primitives/events/command.ts; twin: lua/agent/events/command.lua).
 */
export const matchCommand: EventMatch = (rt, msg): AgentEvent | 'handled' | null => {
  const a = msg.Action
  if (typeof a !== 'string') return null
  if (!COMMANDS.has(a)) {
    // a command spelled with odd case or blanks is answered, never silently ignored
    const near = LOWER.get(asciiLower(a.replace(/[ \t\r\n\f\v]/g, '')))
    if (near !== undefined) fail('unknownCommand', { action: a, command: near })
    return null
  }
  const S = rt.S
  if (a === 'Status') {
    const doc = { ...snapshotState(S, rt.ir), meta: rt.meta }
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
  if (msg.From !== S.owner) fail('ownerOnly', { action: a })
  switch (a) {
    case 'Pause':
      S.paused = true
      return { type: 'owner.pause', f: {} }
    case 'Halt':
      S.halted = true
      return { type: 'owner.halt', f: {} }
    case 'Resume':
      // lifts both Pause and Halt
      S.paused = false
      S.halted = false
      return { type: 'owner.resume', f: {} }
    case 'Liquidate':
      return { type: 'owner.liquidate', f: {} }
    case 'Sync': {
      // the owner's Sync replaces one in flight (its late answer no longer matches)
      const name = tokenName(rt, msg.Token)
      delete S.syncs[name]
      startSync(rt, name)
      return 'handled'
    }
    case 'Transfer-Ownership': {
      const to = msg['New-Owner']
      if (!isId(to)) fail('badNewOwner')
      const unreachable =
        to === rt.selfId ||
        Object.entries(rt.ir.paramSpec).some(
          ([k, spec]) => spec.kind === 'processId' && S.params[k] === to,
        ) ||
        listIds(rt, S.params).includes(to as string) ||
        // a token held in a list param (listTokens) cannot own the agent either
        rt.tokenParam(to) !== undefined
      if (unreachable) fail('unreachableOwner')
      S.owner = to as string
      return { type: 'owner.transfer-ownership', f: { owner: to as string } }
    }
    case 'Update-Params': {
      const patch = parsePatch(msg.Data)
      if (Object.keys(patch).length === 0) fail('emptyPatch')
      const next = { ...S.params }
      const keys = Object.keys(patch).sort(byteOrder)
      const specOf = (k: string) => own(rt.ir.paramSpec, k) ?? own(rt.ir.listParams ?? {}, k)
      for (const k of keys) {
        const spec = specOf(k)
        next[k] =
          spec?.kind === 'list'
            ? checkListParam(spec, k, patch[k], checkParam)
            : checkParam(spec, k, patch[k])
      }
      for (const name of rt.ir.tokens)
        if (next[name] !== S.params[name]) fail('tokenParamFixed', { key: name })
      // a process an order in flight was sent to (or will be answered by) must not change under it
      const busy = orderInFlight(S)
      if (busy !== undefined)
        for (const k of keys)
          if (identityChanged(specOf(k)!, S.params[k], next[k]))
            fail('paramInFlight', { key: k, order: busy })
      S.params = next
      S.paramsRev = checkInt(S.paramsRev + 1n)
      return { type: 'owner.update-params', f: {} }
    }
    case 'Withdraw': {
      const name = tokenName(rt, msg.Token)
      const bal = S.balances[name]
      const q = msg.Quantity !== undefined ? parseAmount(msg.Quantity, 'Quantity') : bal
      if (q <= 0n) fail('nothingToWithdraw')
      if (q > bal) fail('withdrawTooMuch')
      const tokenId = payOwner(rt, name, q)
      return { type: 'owner.withdraw', f: { token: tokenId, quantity: q } }
    }
  }
  return null
}
