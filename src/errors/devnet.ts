import { BaseError } from './BaseError.ts'

/** A data item posted to the devnet MU could not be parsed or its signature does not verify. */
export class InvalidDataItemError extends BaseError {
  override name = 'InvalidDataItemError'
  constructor(problem: string, p: { where: string }) {
    super(`Invalid ANS-104 data item: ${problem}.`, { metaMessages: [`in: ${p.where}`] })
  }
}

/** A message or query names a process the devnet does not know. */
export class UnknownProcessError extends BaseError {
  override name = 'UnknownProcessError'
  constructor(processId: string, p: { action: string }) {
    super(`Process ${processId} does not exist on this devnet.`, {
      metaMessages: [
        `while: ${p.action}`,
        'Spawn it first (aoconnect spawn) or use one of the seeded process ids.',
      ],
    })
  }
}

/** A spawn asked for a module the devnet cannot run. */
export class UnsupportedModuleError extends BaseError {
  override name = 'UnsupportedModuleError'
  constructor(moduleId: string | undefined, p: { supported: string; item: string }) {
    super(`Module ${moduleId ?? '(missing Module tag)'} is not available on the devnet.`, {
      metaMessages: [`spawn data item: ${p.item}`, `supported module: ${p.supported}`],
    })
  }
}

/** A spawn's cron tags are malformed (e.g. a Cron-Tag-* before any Cron-Interval, an unknown unit). */
export class InvalidCronError extends BaseError {
  override name = 'InvalidCronError'
  constructor(problem: string, p: { processId: string }) {
    super(`Invalid cron declaration: ${problem}.`, { metaMessages: [`process: ${p.processId}`] })
  }
}

/** The devnet HTTP API could not be reached or answered with an error (used by `afk devnet faucet`). */
export class DevnetRequestError extends BaseError {
  override name = 'DevnetRequestError'
  constructor(url: string, problem: string, p: { unreachable?: boolean } = {}) {
    super(`Devnet request failed: ${problem.replace(/\.$/, '')}.`, {
      metaMessages: [`url: ${url}`, ...(p.unreachable ? ['Is `afk devnet start` running?'] : [])],
    })
  }
}

/** The devnet could not listen on its loopback port. */
export class DevnetListenError extends BaseError {
  override name = 'DevnetListenError'
  constructor(port: number | string, problem: string) {
    super(`The devnet cannot listen on 127.0.0.1:${port}: ${problem}.`)
  }
}

/** The same data item was posted twice (the MU/SU accept each id once). */
export class DuplicateDataItemError extends BaseError {
  override name = 'DuplicateDataItemError'
  constructor(id: string) {
    super(`Data item ${id} was already posted to this devnet.`, {
      metaMessages: ['Give repeated messages a different anchor, tag or data.'],
    })
  }
}
