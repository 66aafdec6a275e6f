import { version } from '../version.ts'

export type BaseErrorParameters = {
  /** Extra lines shown under the short message (tags, ids, paths). */
  metaMessages?: string[]
  details?: string
  cause?: unknown
  docsPath?: string
}

/**
 * Root of every afk error (viem layout): a short message, meta lines, details and the afk version.
 * Narrow on `error.name`; walk the cause chain with `walk()`.
 */
export class BaseError extends Error {
  override name = 'AfkError'
  readonly shortMessage: string
  readonly metaMessages: string[]
  readonly details: string | undefined
  readonly docsPath: string | undefined
  readonly version = `afk@${version}`

  constructor(shortMessage: string, params: BaseErrorParameters = {}) {
    const details = params.details ?? (params.cause instanceof Error ? params.cause.message : undefined)
    const lines = [shortMessage]
    if (params.metaMessages?.length) lines.push('', ...params.metaMessages)
    if (params.docsPath) lines.push('', `Docs: docs/${params.docsPath}`)
    if (details) lines.push('', `Details: ${details}`)
    lines.push(`Version: afk@${version}`)
    super(lines.join('\n'), params.cause !== undefined ? { cause: params.cause } : undefined)
    this.shortMessage = shortMessage
    this.metaMessages = params.metaMessages ?? []
    this.details = details
    this.docsPath = params.docsPath
  }

  /** Finds the first error in the cause chain that matches `fn` (or the deepest one). */
  walk(fn?: (err: unknown) => boolean): unknown {
    let err: unknown = this
    for (;;) {
      if (fn?.(err)) return err
      const next = (err as { cause?: unknown }).cause
      if (next === undefined || next === null) return fn ? null : err
      err = next
    }
  }
}
