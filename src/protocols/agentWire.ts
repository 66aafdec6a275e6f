/**
 * The agent's owner-command wire interface: one table owns every command's tags, reply and error texts. The TS
 * runtime reads it directly, the compiler emits it into the Lua agent as the module `afk.wire`, and README's
 * command table is checked against it by a test, so the three cannot drift apart.
 */

export interface WireTag {
  name: string
  required: boolean
  doc: string
}

export interface WireCommand {
  action: string
  ownerOnly: boolean
  tags: WireTag[]
  /** what a successful command sends back (or does) */
  reply: string
  /** keys of WIRE_ERRORS this command can answer with (besides the generic ones) */
  errors: string[]
}

/** Error texts by key; `{name}` placeholders are filled from the wire values (never from Lua/JS error objects). */
export const WIRE_ERRORS = {
  ownerOnly: { code: 'UNAUTHORIZED', text: '{action} is owner-only' },
  unknownCommand: { code: 'UNKNOWN_COMMAND', text: 'unknown command "{action}"; did you mean {command}?' },
  badNewOwner: { code: 'INVALID_COMMAND', text: 'New-Owner must be a process or wallet id' },
  unreachableOwner: {
    code: 'INVALID_COMMAND',
    text: 'New-Owner must not be the agent itself or a token or pool it uses: funds sent there are unreachable',
  },
  badPatch: { code: 'INVALID_PARAMS', text: 'Data must be a JSON object of params' },
  emptyPatch: { code: 'INVALID_PARAMS', text: 'Data names no params to update' },
  nullParam: { code: 'INVALID_PARAMS', text: 'a param value must not be null' },
  unknownParam: { code: 'INVALID_PARAMS', text: 'unknown param {key}' },
  paramNotString: { code: 'INVALID_PARAMS', text: 'param {key} must be a JSON string' },
  paramNotInt: { code: 'INVALID_PARAMS', text: 'param {key} must be an integer string' },
  paramRange: { code: 'INVALID_PARAMS', text: 'param {key} is out of range' },
  paramNotId: { code: 'INVALID_PARAMS', text: 'param {key} must be a process id' },
  paramNotBool: { code: 'INVALID_PARAMS', text: 'param {key} must be "true" or "false"' },
  tokenParamFixed: { code: 'INVALID_PARAMS', text: 'token param {key} cannot change' },
  paramNotList: { code: 'INVALID_PARAMS', text: 'param {key} must be a JSON array of records' },
  paramLength: { code: 'INVALID_PARAMS', text: 'param {key} must hold {min} to {max} items' },
  paramNotRecord: { code: 'INVALID_PARAMS', text: 'param {key} must be a JSON object' },
  paramMissing: { code: 'INVALID_PARAMS', text: 'param {key} is missing' },
  listParamFixed: {
    code: 'INVALID_PARAMS',
    text: 'list param {key} has a custom check the agent cannot re-run: it is fixed at spawn',
  },
  paramInFlight: {
    code: 'INVALID_PARAMS',
    text: 'param {key} names a process and cannot change while order {order} is in flight',
  },
  unknownToken: { code: 'UNKNOWN_TOKEN', text: 'unknown token {token}' },
  nothingToWithdraw: { code: 'INVALID_QUANTITY', text: 'nothing to withdraw' },
  withdrawTooMuch: { code: 'INSUFFICIENT_FUNDS', text: 'withdraw exceeds the available balance' },
  immutable: { code: 'IMMUTABLE', text: 'this agent is immutable: Eval is refused' },
} as const

export type WireErrorKey = keyof typeof WIRE_ERRORS

const TOKEN_TAG: WireTag = {
  name: 'Token',
  required: true,
  doc: 'token param name (`quote`) or the token process id',
}

/** Every owner command, in README order. `Status` is public. */
export const WIRE_COMMANDS: readonly WireCommand[] = [
  {
    action: 'Status',
    ownerOnly: false,
    tags: [],
    reply: '`Status-Response` with the state as stable JSON in Data (echoes `X-Reference`)',
    errors: [],
  },
  {
    action: 'Pause',
    ownerOnly: true,
    tags: [],
    reply: 'ticks are ignored until `Resume`',
    errors: ['ownerOnly'],
  },
  {
    action: 'Halt',
    ownerOnly: true,
    tags: [],
    reply:
      'no new orders until `Resume`: ticks are ignored and the strategy\'s `swap`, `quote`, `transfer` and `send` are skipped (each logs `afk:log {"event":"halted","fields":{"action":…}}`); orders in flight still settle; `Withdraw`, `Sync` and `Status` still work',
    errors: ['ownerOnly'],
  },
  {
    action: 'Resume',
    ownerOnly: true,
    tags: [],
    reply: 'ticks run again and orders may be sent (lifts `Pause` and `Halt`)',
    errors: ['ownerOnly'],
  },
  {
    action: 'Withdraw',
    ownerOnly: true,
    tags: [
      TOKEN_TAG,
      { name: 'Quantity', required: false, doc: 'raw units; default: the whole available balance' },
    ],
    reply: 'a `Transfer` of the token to the owner (tagged `X-Afk-Order`)',
    errors: ['ownerOnly', 'unknownToken', 'nothingToWithdraw', 'withdrawTooMuch'],
  },
  {
    action: 'Sync',
    ownerOnly: true,
    tags: [TOKEN_TAG],
    reply: 'resyncs the books of the token from the token itself (self-transfer of 1 + `Balance`)',
    errors: ['ownerOnly', 'unknownToken'],
  },
  {
    action: 'Update-Params',
    ownerOnly: true,
    tags: [],
    reply:
      "Data: a JSON object of params as strings (a list param: a JSON array of records of strings, checked like at spawn); a pending quote is re-quoted; a param naming a process (a pool, a list item's token) cannot change while an order other than a quote is in flight",
    errors: [
      'ownerOnly',
      'badPatch',
      'emptyPatch',
      'nullParam',
      'unknownParam',
      'paramNotString',
      'paramNotInt',
      'paramRange',
      'paramNotId',
      'paramNotBool',
      'tokenParamFixed',
      'paramNotList',
      'paramLength',
      'paramNotRecord',
      'paramMissing',
      'listParamFixed',
      'paramInFlight',
    ],
  },
  {
    action: 'Transfer-Ownership',
    ownerOnly: true,
    tags: [
      { name: 'New-Owner', required: true, doc: 'wallet or process id (not the agent, a token or a pool)' },
    ],
    reply: 'every power moves to the new owner (and aos Eval, unless immutable)',
    errors: ['ownerOnly', 'badNewOwner', 'unreachableOwner'],
  },
  {
    action: 'Liquidate',
    ownerOnly: true,
    tags: [],
    reply: '`owner.liquidate` event for the strategy',
    errors: ['ownerOnly'],
  },
]

/** The log line a skipped action writes; identical to R.halt_skip_log in lua/agent/runtime.lua. */
export function haltSkipLog(action: string): string {
  return `afk:log {"event":"halted","fields":{"action":${JSON.stringify(action)}}}`
}

/** Fills `{name}` placeholders; identical to R.wire_text in lua/agent/runtime.lua. */
export function wireText(key: WireErrorKey, vars: Record<string, string> = {}): string {
  return WIRE_ERRORS[key].text.replace(/\{([A-Za-z]+)\}/g, (_m, k: string) => vars[k] ?? '')
}

/**
 * The table as the Lua module `afk.wire` sees it, with the strategy actions a halted agent skips (the primitives
 * marked `halts`, sorted).
 */
export function wireForLua(haltSkips: readonly string[]) {
  return {
    commands: WIRE_COMMANDS.map((c) => c.action),
    haltSkips: [...haltSkips],
    errors: Object.fromEntries(
      Object.entries(WIRE_ERRORS).map(([k, v]) => [k, { code: v.code, text: v.text }]),
    ),
  }
}

/** README's command table, generated from WIRE_COMMANDS (docs.test.ts checks README contains it verbatim). */
export function wireMarkdown(): string {
  const rows = WIRE_COMMANDS.map((c) => {
    const tags = c.tags.length
      ? c.tags.map((t) => `\`${t.name}\`${t.required ? '' : ' (optional)'}: ${t.doc}`).join('; ')
      : '—'
    const errs = c.errors.map(
      (k) => `\`${WIRE_ERRORS[k as WireErrorKey].code}\` ${WIRE_ERRORS[k as WireErrorKey].text}`,
    )
    return `| \`${c.action}\` | ${c.ownerOnly ? 'owner' : 'anyone'} | ${tags} | ${c.reply} | ${errs.join('<br>') || '—'} |`
  })
  const e = (k: WireErrorKey) => `\`${WIRE_ERRORS[k].code}\` ${WIRE_ERRORS[k].text}`
  return [
    '| Action | Who | Tags | Reply | Errors (`Code` and `Error` text of `Agent-Error`) |',
    '|---|---|---|---|---|',
    ...rows,
    '',
    `Any action that differs from a command only by case or blanks: ${e('unknownCommand')}. An owner \`Eval\` to an immutable agent: ${e('immutable')}. A malformed amount: \`INVALID_QUANTITY\` with the tag's name.`,
  ].join('\n')
}
