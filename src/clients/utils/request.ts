import type { Tag } from '../../ao/message.ts'
import {
  ProcessExecutionError,
  ReplySchemaError,
  type RequestContext,
  UnexpectedReplyError,
} from '../../errors/client.ts'
import { SchemaMismatchError } from '../../errors/protocol.ts'
import type { MessageSpec, ParsedMessage } from '../../protocols/defineMessage.ts'
import { matchesMessage, parseMessage } from '../../protocols/parseMessage.ts'
import type { Client } from '../createClient.ts'
import type { AoResult, ResultMessage } from '../transports/createTransport.ts'

export function contextOf(process: string, tags: readonly Tag[], messageId?: string): RequestContext {
  return { process, action: tags.find((t) => t.name === 'Action')?.value ?? '(no Action)', tags, messageId }
}

/** Parses `input` with `spec`, turning a schema mismatch into a `ReplySchemaError` that names the request. */
export function parseReply<S extends MessageSpec>(
  spec: S,
  input: Parameters<typeof parseMessage>[1],
  ctx: RequestContext,
  from: string,
): ParsedMessage<S> {
  try {
    return parseMessage(spec, input, { process: from })
  } catch (e) {
    if (e instanceof SchemaMismatchError) throw new ReplySchemaError({ ...ctx, cause: e })
    throw e
  }
}

/**
 * Picks the reply addressed to `me` in a result: an `errors` spec match becomes `UnexpectedReplyError` (with the
 * reply's `Error` text), else the first message matching `spec`, else the first message to `me` (parsed, so a
 * malformed reply is reported with its offending tags).
 */
export function pickReply<S extends MessageSpec>(
  r: AoResult,
  p: { me: string; spec: S; errors?: MessageSpec[]; ctx: RequestContext },
): ParsedMessage<S> {
  if (r.Error !== undefined) throw new ProcessExecutionError({ ...p.ctx, error: String(r.Error) })
  const mine = r.Messages.filter((m) => m.Target === p.me)
  for (const m of mine)
    for (const e of p.errors ?? [])
      if (matchesMessage(e, m))
        throw new UnexpectedReplyError({
          ...p.ctx,
          problem: `${e.name}: ${m.Tags.find((t) => t.name === 'Error')?.value ?? '(no Error tag)'}`,
          reply: m.Tags,
        })
  const reply: ResultMessage | undefined = mine.find((m) => matchesMessage(p.spec, m)) ?? mine[0]
  if (!reply)
    throw new UnexpectedReplyError({
      ...p.ctx,
      problem: `no reply addressed to ${p.me} (${r.Messages.length} message(s) to ${[...new Set(r.Messages.map((m) => m.Target))].join(', ') || 'nobody'})`,
    })
  return parseReply(p.spec, { Tags: reply.Tags, Data: reply.Data }, p.ctx, p.ctx.process)
}

/** Dry-runs a request as the client's address and parses the reply with `spec`. */
export async function readRequest<S extends MessageSpec>(
  client: Client,
  p: { process: string; tags: Tag[]; data?: string; spec: S; errors?: MessageSpec[] },
): Promise<ParsedMessage<S>> {
  const ctx = contextOf(p.process, p.tags)
  const r = await client.transport.dryrun({
    process: p.process,
    tags: p.tags,
    data: p.data,
    owner: client.signer.address,
  })
  return pickReply(r, { me: client.signer.address, spec: p.spec, errors: p.errors, ctx })
}

/** Sends a message and waits for its result; a result `Error` becomes `ProcessExecutionError`. */
export async function sendRequest(
  client: Client,
  p: { process: string; tags: Tag[]; data?: string },
): Promise<{ id: string; result: AoResult; ctx: RequestContext }> {
  const id = await client.transport.message({
    process: p.process,
    tags: p.tags,
    data: p.data,
    account: client.signer,
  })
  const ctx = contextOf(p.process, p.tags, id)
  const result = await client.transport.result({ process: p.process, message: id })
  if (result.Error !== undefined) throw new ProcessExecutionError({ ...ctx, error: String(result.Error) })
  return { id, result, ctx }
}
