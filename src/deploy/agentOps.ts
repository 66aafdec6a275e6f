import { rootTag } from '../ao/aosMessage.ts'
import type { Tag } from '../ao/message.ts'
import { tagValue } from '../ao/message.ts'
import { wallClock } from '../ao/wallClock.ts'
import { getInfo } from '../clients/token/getInfo.ts'
import { transfer } from '../clients/token/transfer.ts'
import type { AoResult } from '../clients/transports/createTransport.ts'
import { parseUnits } from '../clients/units.ts'
import { AgentAnswerError, AgentRefusedError, UnsupportedCommandError, UsageError } from '../errors/deploy.ts'
import { WIRE_COMMANDS } from '../protocols/agentWire.ts'
import type { Connection } from './connection.ts'
import { type AgentStatus, AgentStatusSchema } from './statusSchema.ts'

/** Owner commands the agent runtime understands, from its wire table (src/protocols/agentWire.ts). */
export const AGENT_COMMANDS: readonly string[] = WIRE_COMMANDS.filter((c) => c.ownerOnly).map((c) => c.action)

function parseStatus(data: string, pid: string): AgentStatus {
  let raw: unknown
  try {
    raw = JSON.parse(data)
  } catch {
    throw new AgentAnswerError(
      `Process ${pid} answered Status with something that is not JSON (is it an afk agent?).`,
    )
  }
  const r = AgentStatusSchema.safeParse(raw)
  if (!r.success) {
    const i = r.error.issues[0]
    throw new AgentAnswerError(
      `Process ${pid} answered Status with an unexpected document (${i.path.join('.')}: ${i.message}).`,
    )
  }
  return r.data
}

const isAction = (m: { Tags: Tag[] }, a: string) => rootTag(m, 'Action') === a

/** Throws `AgentRefusedError` when the result answers `me` with `Agent-Error`. */
function checkRefusal(r: AoResult, me: string, action: string, pid: string): void {
  if (r.Error !== undefined)
    throw new AgentRefusedError(action, 'PROCESS_ERROR', String(r.Error).split('\n')[0].slice(0, 300), pid)
  const err = r.Messages.find((m) => m.Target === me && isAction(m, 'Agent-Error'))
  if (err)
    throw new AgentRefusedError(
      action,
      rootTag(err, 'Code') ?? 'ERROR',
      rootTag(err, 'Error') ?? '(no text)',
      pid,
    )
}

/**
 * Reads an agent's Status. `dryrun` costs nothing (local devnet); `message` sends a real Status message and reads its
 * result (public networks, where dry-runs are being retired).
 */
export async function readStatus(
  conn: Connection,
  pid: string,
  via: 'dryrun' | 'message' = conn.network.public ? 'message' : 'dryrun',
): Promise<AgentStatus> {
  const me = conn.wallet.address
  const tags = [{ name: 'Action', value: 'Status' }]
  const r =
    via === 'dryrun'
      ? await conn.client.transport.dryrun({ process: pid, tags, owner: me })
      : await conn.client.transport.result({
          process: pid,
          message: await conn.client.transport.message({ process: pid, tags, account: conn.client.signer }),
        })
  checkRefusal(r, me, 'Status', pid)
  const reply = r.Messages.find((m) => isAction(m, 'Status-Response'))
  if (!reply) throw new AgentAnswerError(`Process ${pid} did not answer Status (is it an afk agent?).`)
  return parseStatus(reply.Data, pid)
}

/**
 * Sends an owner command and waits for the agent's answer: its result. An `Agent-Error` to the sender (a refusal, for
 * example from a wallet that is not the owner) becomes `AgentRefusedError`.
 */
export async function sendCommand(
  conn: Connection,
  pid: string,
  action: string,
  p: { tags?: Tag[]; data?: string } = {},
): Promise<{ id: string; result: AoResult }> {
  if (!AGENT_COMMANDS.includes(action))
    throw new UnsupportedCommandError(
      `This agent runtime has no ${action} command (it knows ${AGENT_COMMANDS.join(', ')}).`,
    )
  const tags = [{ name: 'Action', value: action }, ...(p.tags ?? [])]
  const id = await conn.client.transport.message({
    process: pid,
    tags,
    data: p.data,
    account: conn.client.signer,
  })
  const result = await conn.client.transport.result({ process: pid, message: id })
  checkRefusal(result, conn.wallet.address, action, pid)
  return { id, result }
}

/** Resolves `--token` (a token param such as `quote`, or a token process id) against the agent's params. */
export function resolveToken(status: AgentStatus, token: string): { param: string; id: string } {
  for (const [param, v] of Object.entries(status.params))
    if (param in status.balances && (param === token || v === token)) return { param, id: String(v) }
  throw new UsageError(
    `--token ${token} is neither a token param (${Object.keys(status.balances).join(', ')}) nor its process id.`,
  )
}

/** Parses an amount in token units (`2.5`) or raw units with `raw`. */
export async function parseAmount(
  conn: Connection,
  token: string,
  amount: string,
  raw: boolean,
): Promise<bigint> {
  if (raw) {
    if (!/^[0-9]+$/.test(amount))
      throw new UsageError(`--amount must be an integer with --raw, got "${amount}".`)
    return BigInt(amount)
  }
  if (!/^[0-9]+(\.[0-9]+)?$/.test(amount))
    throw new UsageError(`--amount must be a non-negative decimal number, got "${amount}".`)
  return parseUnits(amount, (await getInfo(conn.client, { token })).denomination)
}

/**
 * Withdraws `amount` (all when undefined) of a token from the agent to its owner, and waits until the token has
 * credited the owner (the `Credit-Notice` caused by the withdraw).
 */
export async function withdraw(
  conn: Connection,
  pid: string,
  p: { token: string; amount?: bigint; timeoutMs?: number },
): Promise<{ id: string; quantity: bigint; token: string }> {
  const status = await readStatus(conn, pid)
  const t = resolveToken(status, p.token)
  const bal = BigInt(status.balances[t.param])
  const quantity = p.amount ?? bal
  if (quantity === 0n && p.amount === undefined)
    throw new UsageError(`The agent holds no ${t.param} to withdraw.`)
  const { id } = await sendCommand(conn, pid, 'Withdraw', {
    tags: [
      { name: 'Token', value: t.param },
      ...(p.amount !== undefined ? [{ name: 'Quantity', value: p.amount.toString() }] : []),
    ],
  })
  await waitFor(conn, id, (m) => m.from === t.id && tagValue(m.tags, 'Action') === 'Credit-Notice', {
    what: `the ${t.param} token's Credit-Notice to ${status.owner}`,
    recipient: status.owner,
    timeoutMs: p.timeoutMs,
  })
  return { id, quantity, token: t.id }
}

/** Transfers `amount` of `token` from the wallet to the agent (its Credit-Notice funds the agent's books). */
export async function fund(
  conn: Connection,
  pid: string,
  p: { token: string; amount: bigint },
): Promise<{ id: string }> {
  if (p.amount <= 0n) throw new UsageError('--amount must be greater than 0.')
  const r = await transfer(conn.client, { token: p.token, recipient: pid, amount: p.amount })
  return { id: r.messageId }
}

/** Polls the chain of `messageId` (`Pushed-For`) for a message to `recipient` matching `match`. */
async function waitFor(
  conn: Connection,
  messageId: string,
  match: (m: { from: string; tags: Tag[] }) => boolean,
  p: { what: string; recipient: string; timeoutMs?: number },
): Promise<void> {
  const deadline = wallClock() + (p.timeoutMs ?? conn.client.timeoutMs)
  for (;;) {
    const msgs = await conn.client.transport.pushedFor({ message: messageId, recipient: p.recipient })
    if (msgs.some(match)) return
    if (wallClock() > deadline)
      throw new AgentAnswerError(`Timed out waiting for ${p.what} (message ${messageId}).`)
    await conn.client.transport.wait()
  }
}
