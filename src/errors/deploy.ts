import { BaseError } from './BaseError.ts'

/** A wallet file is missing, unreadable or not an Arweave RSA JWK. Names the file; never shows the key. */
export class WalletFileError extends BaseError {
  override name = 'WalletFileError'
  readonly file: string
  constructor(file: string, problem: string, cause?: unknown) {
    super(`Wallet file ${file}: ${problem}.`, {
      metaMessages: ['Create one with `afk wallet new -o <file>`, or pass another --wallet.'],
      cause,
    })
    this.file = file
  }
}

/** The deployments manifest cannot be read or does not match its schema; it is left untouched. */
export class ManifestError extends BaseError {
  override name = 'ManifestError'
  constructor(file: string, problem: string, cause?: unknown) {
    super(`Deployments manifest ${file}: ${problem}.`, { cause })
  }
}

/** No deployment with that name or process id in the manifest. */
export class UnknownDeploymentError extends BaseError {
  override name = 'UnknownDeploymentError'
  constructor(file: string, ref: string) {
    super(`No deployment "${ref}" in ${file} (see \`afk ls\`).`)
  }
}

/** A network node did not answer in time (or refused the connection) before anything was signed. */
export class NetworkTimeoutError extends BaseError {
  override name = 'NetworkTimeoutError'
  readonly url: string
  constructor(url: string, timeoutMs: number, cause?: unknown) {
    super(`No answer from ${url} within ${timeoutMs} ms; nothing was signed or sent.`, { cause })
    this.url = url
  }
}

/** The network or its configuration is unusable (unknown name, no devnet state file, bad URL). */
export class NetworkConfigError extends BaseError {
  override name = 'NetworkConfigError'
}

/** A deploy step failed; re-running `afk deploy` resumes from the manifest. */
export class DeployStepError extends BaseError {
  override name = 'DeployStepError'
  readonly step: string
  constructor(step: string, problem: string, p: { cause?: unknown; details?: string } = {}) {
    super(`Deploy step "${step}" failed: ${problem}`, {
      metaMessages: ['Re-run the same `afk deploy` to resume; no second process is spawned.'],
      ...p,
    })
    this.step = step
  }
}

/** The deployed process does not report the compiled strategy, params or owner. */
export class DeployVerificationError extends BaseError {
  override name = 'DeployVerificationError'
}

/** A public-network deploy was not confirmed. */
export class DeployAbortedError extends BaseError {
  override name = 'DeployAbortedError'
}

/** The agent answered a command with `Agent-Error` (for example a withdraw signed by a wallet that is not the owner). */
export class AgentRefusedError extends BaseError {
  override name = 'AgentRefusedError'
  readonly code: string
  constructor(action: string, code: string, text: string, processId: string) {
    super(`The agent refused ${action}: ${code}: ${text}`, { metaMessages: [`Process: ${processId}`] })
    this.code = code
  }
}

/** The agent's runtime has no such command (for example `Halt` before risk controls exist). */
export class UnsupportedCommandError extends BaseError {
  override name = 'UnsupportedCommandError'
}

/** The agent did not answer a command or a Status read in time, or answered something unreadable. */
export class AgentAnswerError extends BaseError {
  override name = 'AgentAnswerError'
}

/** A command-line argument is wrong (one line, exit 1). */
export class UsageError extends BaseError {
  override name = 'UsageError'
}
