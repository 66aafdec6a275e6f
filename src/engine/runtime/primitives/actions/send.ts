import type { ActionRun } from '../../types.ts'

/**
 * `send` in the TS engine
 * (definition: src/strategy/primitives/actions/send.ts; twin: lua/agent/actions/send.lua).
 */
export const runSend: ActionRun = (rt, args, action) => {
  const tags = [{ name: 'Action', value: String(args.action) }]
  for (const [k] of action.args) {
    const m = /^tag:(.+)$/.exec(k)
    if (m) tags.push({ name: m[1], value: String(args[k]) })
  }
  rt.send(String(args.target), tags, args.data !== undefined ? String(args.data) : '')
}
