import type { Tag } from '../../../../ao/message.ts'
import { AgentRuntimeError } from '../../../../errors/agent.ts'
import { checkInt } from '../../../../strategy/int.ts'
import { askTimer, MAX_ASK_TIMEOUT_MS } from '../../../../strategy/primitives/actions/ask.ts'
import type { ActionRun, AgentEvent, Rt } from '../../types.ts'

/** ask (definition: src/strategy/primitives/actions/ask.ts): sends the request and books it as a pending order. */
export const runAsk: ActionRun = (rt, args, action) => {
  const name = action.static!.reply
  const timeout = args.timeoutMs as bigint
  if (timeout <= 0n || timeout > MAX_ASK_TIMEOUT_MS)
    throw new AgentRuntimeError('INVALID_QUANTITY', 'ask timeout must be 1 ms to a day')
  // a token's Transfer moves funds the books would not see, and ask is not skipped while halted: never
  if (args.action === 'Transfer')
    throw new AgentRuntimeError(
      'UNAUTHORIZED',
      'ask() cannot send Transfer: move funds with transfer() or swap()',
    )
  const S = rt.S
  for (const [oid, o] of Object.entries(S.orders))
    if (o.kind === 'ask' && o.reply === name) delete S.orders[oid]
  const tags: Tag[] = [{ name: 'Action', value: String(args.action) }]
  for (const [k] of action.args) {
    const m = /^tag:(.+)$/.exec(k)
    if (m) tags.push({ name: m[1], value: String(args[k]) })
  }
  const id = rt.nextOrderId()
  const target = String(args.process)
  const ref = rt.send(target, tags, args.data !== undefined ? String(args.data) : '')
  const deadline = checkInt(rt.now + timeout)
  const order: Record<string, string> = {
    id,
    kind: 'ask',
    reply: name,
    target,
    ref,
    sentAt: rt.now.toString(),
    deadline: deadline.toString(),
  }
  for (const e of (action.static!.echo ?? '').split(',').filter(Boolean))
    order[`echo:${e}`] = String(args[`tag:${e}`])
  S.orders[id] = order
  S.timers[askTimer(name)] = deadline
}

/** The pending ask of a due `reply.<name>` timer gives up: its reply will be ignored. Twin of ask.lua's hook. */
export function askTimeout(rt: Rt, timer: string): AgentEvent | null {
  const name = timer.slice(askTimer('').length)
  for (const [oid, o] of Object.entries(rt.S.orders))
    if (o.kind === 'ask' && o.reply === name) {
      delete rt.S.orders[oid]
      return { type: `reply.${name}.timeout`, f: { order: oid } }
    }
  return null
}
