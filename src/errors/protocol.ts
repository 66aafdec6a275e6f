import { BaseError } from './BaseError.ts'

export interface SchemaIssue {
  /** Wire tag name (or `Data` / `Action`). */
  tag: string
  problem: string
  /** The received value, if any. */
  value?: string
}

/** A received message does not have the shape its protocol spec requires. */
export class SchemaMismatchError extends BaseError {
  override name = 'SchemaMismatchError'
  readonly protocol: string
  readonly messageName: string
  readonly issues: SchemaIssue[]
  readonly messageId: string | undefined
  readonly process: string | undefined

  constructor(p: {
    protocol: string
    messageName: string
    action?: string
    issues: SchemaIssue[]
    messageId?: string
    process?: string
    from?: string
  }) {
    const where = p.process ? ` from process ${p.process}` : p.from ? ` from ${p.from}` : ''
    super(
      `${p.protocol} ${p.messageName}${where} does not match its schema (${p.issues.length} issue${p.issues.length === 1 ? '' : 's'}).`,
      {
        metaMessages: [
          `Action:     ${p.action ?? '(none)'}`,
          `Message id: ${p.messageId ?? '(unknown)'}`,
          ...(p.from && p.from !== p.process ? [`From:       ${p.from}`] : []),
          ...p.issues.map(
            (i) =>
              `Tag ${i.tag}: ${i.problem}${i.value !== undefined ? ` (got ${JSON.stringify(i.value)})` : ''}`,
          ),
        ],
      },
    )
    this.protocol = p.protocol
    this.messageName = p.messageName
    this.issues = p.issues
    this.messageId = p.messageId
    this.process = p.process
  }
}

/** Typed params could not be encoded into tags for a request. */
export class MessageEncodeError extends BaseError {
  override name = 'MessageEncodeError'
  constructor(p: { protocol: string; messageName: string; field: string; tag: string; problem: string }) {
    super(`Cannot encode ${p.protocol} ${p.messageName}: field "${p.field}" (tag ${p.tag}) ${p.problem}.`)
  }
}

/** A reference process source file is missing or a process parameter is invalid. */
export class ReferenceProcessError extends BaseError {
  override name = 'ReferenceProcessError'
  constructor(
    shortMessage: string,
    p: { process?: string; file?: string; details?: string; cause?: unknown } = {},
  ) {
    super(shortMessage, {
      metaMessages: [
        ...(p.process ? [`Process: ${p.process}`] : []),
        ...(p.file ? [`File:    ${p.file}`] : []),
      ],
      details: p.details,
      cause: p.cause,
    })
  }
}

/** A model was given a state or parameter that the real process would refuse at configuration time. */
export class ModelConfigError extends BaseError {
  override name = 'ModelConfigError'
  constructor(shortMessage: string, p: { model: string; details?: string }) {
    super(shortMessage, { metaMessages: [`Model: ${p.model}`], details: p.details })
  }
}
