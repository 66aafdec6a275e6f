import type { TypeTag } from '../collections.ts'

/** The diagnostic codes an action's own checks may report (a subset of the compiler's codes). */
export type ActionCheckCode =
  | 'type-mismatch'
  | 'unknown-context'
  | 'invalid-action-args'
  | 'tag-name-normalized'
  | 'unknown-reply'

/**
 * What the compiler hands an action primitive's `check`: the call as written and a way to report problems. The
 * compiler has already type-checked each argument expression and refused collections passed as values.
 */
export interface ActionCheck {
  readonly name: string
  /** path of the call in the strategy definition */
  readonly at: readonly string[]
  /** every argument name the call supplies, sorted */
  readonly supplied: readonly string[]
  /** the type of each supplied argument that type-checked as a value */
  readonly types: Readonly<Record<string, TypeTag>>
  readonly static: Readonly<Record<string, string>> | undefined
  /** context field types, collections included */
  readonly context: Readonly<Record<string, TypeTag>>
  ringCapacity(field: string): number
  /** the reply names the strategy declares for ask() (also those whose schema was refused) */
  readonly declaredReplies: readonly string[]
  error(code: ActionCheckCode, path: readonly string[], message: string, hint?: string): void
  warn(code: ActionCheckCode, path: readonly string[], message: string, hint?: string): void
}

/** A check's verdict: the statics to emit (`undefined`: the call's own), or `null` when it reported a problem. */
export type ActionCheckResult = Record<string, string> | undefined | null
