import { BaseError } from '../errors/BaseError.ts'

export type DiagnosticCode =
  | 'invalid-params'
  | 'unsupported-param-type'
  | 'invalid-token-param'
  | 'invalid-context'
  | 'invalid-machine'
  | 'unsupported-invoke'
  | 'unsupported-parallel'
  | 'unsupported-history'
  | 'unsupported-spawn'
  | 'unsupported-after'
  | 'unsupported-always'
  | 'unsupported-nested-final'
  | 'unsupported-target'
  | 'unsupported-wildcard'
  | 'unsupported-key'
  | 'inline-function-guard'
  | 'inline-function-action'
  | 'unknown-action'
  | 'unknown-event'
  | 'unknown-target'
  | 'invalid-expression'
  | 'type-mismatch'
  | 'unknown-param'
  | 'unknown-context'
  | 'unknown-event-field'
  | 'invalid-action-args'
  | 'tag-name-normalized'
  | 'unbounded-list'
  | 'list-too-long'
  | 'unbounded-iteration'
  | 'invalid-risk'
  | 'unsupported-reply-schema'
  | 'invalid-reply-name'
  | 'unknown-reply'

/** One compiler message: what is wrong, where (a path into the strategy definition) and how to fix it. */
export interface Diagnostic {
  code: DiagnosticCode
  severity: 'error' | 'warning'
  message: string
  path: string[]
  hint?: string
}

export function formatDiagnostic(d: Diagnostic): string {
  const where = d.path.length ? d.path.join('.') : '(strategy)'
  return `${d.severity} ${d.code} at ${where}: ${d.message}${d.hint ? `\n  hint: ${d.hint}` : ''}`
}

/** Collects diagnostics instead of throwing on the first problem (TSTL style). */
export class Diagnostics {
  readonly list: Diagnostic[] = []
  error(code: DiagnosticCode, path: string[], message: string, hint?: string): void {
    this.list.push({ code, severity: 'error', message, path: [...path], ...(hint ? { hint } : {}) })
  }
  warn(code: DiagnosticCode, path: string[], message: string, hint?: string): void {
    this.list.push({ code, severity: 'warning', message, path: [...path], ...(hint ? { hint } : {}) })
  }
  get hasErrors(): boolean {
    return this.list.some((d) => d.severity === 'error')
  }
}

export class CompileError extends BaseError {
  override name = 'CompileError'
  constructor(readonly diagnostics: Diagnostic[]) {
    const errors = diagnostics.filter((d) => d.severity === 'error')
    super(`Strategy failed to compile with ${errors.length} error(s).`, {
      metaMessages: errors.map(formatDiagnostic),
    })
  }
}
