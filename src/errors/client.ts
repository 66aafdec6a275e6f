import { BaseError } from './BaseError.ts'
import type { SchemaIssue, SchemaMismatchError } from './protocol.ts'

/** An AO tag (the shape of `Tag` in src/ao/message.ts; errors sit below every part, so it is not imported). */
type Tag = { name: string; value: string }

/** What every client error names: the process, the request's action and tags, and the message id. */
export interface RequestContext {
  process: string
  action: string
  tags: readonly Tag[]
  /** Id of the request message; `undefined` for dry-runs (they have none). */
  messageId?: string
}

export function requestMeta(c: RequestContext): string[] {
  return [
    `Process:    ${c.process}`,
    `Action:     ${c.action}`,
    `Message id: ${c.messageId ?? '(dry-run, no id)'}`,
    `Tags:       ${c.tags.map((t) => `${t.name}=${t.value}`).join(', ') || '(none)'}`,
  ]
}

abstract class ClientError extends BaseError {
  readonly process: string
  readonly action: string
  readonly tags: readonly Tag[]
  readonly messageId: string | undefined
  constructor(
    short: string,
    c: RequestContext,
    extra: { metaMessages?: string[]; details?: string; cause?: unknown } = {},
  ) {
    super(short, {
      metaMessages: [...requestMeta(c), ...(extra.metaMessages ?? [])],
      details: extra.details,
      cause: extra.cause,
    })
    this.process = c.process
    this.action = c.action
    this.tags = c.tags
    this.messageId = c.messageId
  }
}

/** The process raised an error while handling the request (the CU result carries `Error`; its state was rolled back). */
export class ProcessExecutionError extends ClientError {
  override name = 'ProcessExecutionError'
  readonly error: string
  constructor(c: RequestContext & { error: string }) {
    super(`${c.action} failed inside process ${c.process}.`, c, { details: c.error.slice(0, 2000) })
    this.error = c.error
  }
}

/** No terminal reply arrived before the deadline. */
export class MessageTimeoutError extends ClientError {
  override name = 'MessageTimeoutError'
  readonly timeoutMs: number
  constructor(c: RequestContext & { timeoutMs: number; waitingFor: string }) {
    super(`Timed out after ${c.timeoutMs} ms waiting for ${c.waitingFor}.`, c, {
      metaMessages: ['The message may still be processed later; check it by id before retrying.'],
    })
    this.timeoutMs = c.timeoutMs
  }
}

/** A reply arrived but is not one the protocol allows here (wrong Action, missing reply, an `*-Error` reply). */
export class UnexpectedReplyError extends ClientError {
  override name = 'UnexpectedReplyError'
  readonly reply: readonly Tag[] | undefined
  constructor(c: RequestContext & { problem: string; reply?: readonly Tag[] }) {
    super(`Unexpected reply to ${c.action} from ${c.process}: ${c.problem}.`, c, {
      metaMessages: c.reply ? [`Reply tags: ${c.reply.map((t) => `${t.name}=${t.value}`).join(', ')}`] : [],
    })
    this.reply = c.reply
  }
}

/** A reply to a request does not match its protocol schema; `issues` lists the offending tags. */
export class ReplySchemaError extends ClientError {
  override name = 'ReplySchemaError'
  readonly issues: SchemaIssue[]
  readonly replyId: string | undefined
  constructor(c: RequestContext & { cause: SchemaMismatchError }) {
    super(`The ${c.cause.protocol} ${c.cause.messageName} for ${c.action} does not match its schema.`, c, {
      metaMessages: [
        `Reply id:   ${c.cause.messageId ?? '(in the result, no id)'}`,
        ...c.cause.issues.map(
          (i) =>
            `Offending tag ${i.tag}: ${i.problem}${i.value !== undefined ? ` (got ${JSON.stringify(i.value)})` : ''}`,
        ),
      ],
      details: c.cause.shortMessage,
      cause: c.cause,
    })
    this.issues = c.cause.issues
    this.replyId = c.cause.messageId
  }
}

/** The token refused a transfer with `Transfer-Error` (`Insufficient Balance!`). */
export class InsufficientBalanceError extends ClientError {
  override name = 'InsufficientBalanceError'
  readonly quantity: bigint
  constructor(c: RequestContext & { quantity: bigint; error: string }) {
    super(`Insufficient balance: token ${c.process} refused to transfer ${c.quantity}.`, c, {
      metaMessages: [`Transfer-Error: ${c.error}`],
    })
    this.quantity = c.quantity
  }
}

/** The token refused a transfer with a `Transfer-Error` that is not about the balance; `error` is its text. */
export class TransferRefusedError extends ClientError {
  override name = 'TransferRefusedError'
  readonly quantity: bigint
  readonly error: string
  constructor(c: RequestContext & { quantity: bigint; error: string }) {
    super(`Token ${c.process} refused to transfer ${c.quantity}: ${c.error.slice(0, 200)}`, c, {
      metaMessages: [`Transfer-Error: ${c.error}`],
    })
    this.quantity = c.quantity
    this.error = c.error
  }
}

/** The transport could not reach AO (HTTP error, bad JSON, missing signer). */
export class TransportError extends BaseError {
  override name = 'TransportError'
  constructor(transport: string, problem: string, p: { url?: string; cause?: unknown } = {}) {
    super(`${transport} transport: ${problem}.`, {
      metaMessages: p.url ? [`URL: ${p.url}`] : [],
      cause: p.cause,
    })
  }
}

/** Amount text that is not a valid decimal for the token's denomination. */
export class InvalidAmountError extends BaseError {
  override name = 'InvalidAmountError'
  constructor(value: string, problem: string) {
    super(`Invalid amount "${value}": ${problem}.`)
  }
}
