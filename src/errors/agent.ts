import { BaseError } from './BaseError.ts'

/** Error codes an agent answers in `Agent-Error`'s `Code` tag; the Lua runtime raises the same codes (`Q.fail`). */
export type AgentErrorCode =
  | 'OVERFLOW'
  | 'DIVISION_BY_ZERO'
  | 'INVALID_QUANTITY'
  | 'INSUFFICIENT_FUNDS'
  | 'UNAUTHORIZED'
  | 'INVALID_PARAMS'
  | 'UNKNOWN_TOKEN'
  | 'INVALID_COMMAND'
  | 'OUT_OF_RANGE'
  | 'UNKNOWN_COMMAND'
  | 'IMMUTABLE'

/** A runtime error inside an agent: the message is rolled back and answered with `Agent-Error` + `Code`. */
export class AgentRuntimeError extends BaseError {
  override name = 'AgentRuntimeError'
  constructor(
    readonly code: AgentErrorCode,
    message: string,
  ) {
    super(message, { metaMessages: [`Code: ${code}`] })
  }
}
