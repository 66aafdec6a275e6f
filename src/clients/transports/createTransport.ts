import type { Tag } from '../../ao/message.ts'

/** A message in a CU result (an outbox entry). */
export interface ResultMessage {
  Target: string
  Tags: Tag[]
  Data: string
  Anchor?: string
}

/** What `result` and `dryrun` return (the CU's JSON shape). */
export interface AoResult {
  Messages: ResultMessage[]
  Spawns?: unknown[]
  Output?: unknown
  Error?: string
}

/** A message some process sent, found by following a chain (`Pushed-For`). */
export interface ChainMessage {
  id: string
  /** The sending process (`From-Process`). */
  from: string
  target: string
  tags: Tag[]
}

/** Who the client acts as: its address and, for networked transports, an aoconnect signer. */
export interface Account {
  address: string
  /** aoconnect `createSigner(jwk)` result; required by the aoconnect/devnet transports for writes. */
  signer?: unknown
}

/**
 * How clients reach AO. The same token/DEX client code runs over live AO (aoconnect), the local devnet and the
 * in-process simulator. Implementations: `aoconnect()`, `devnet()`, `simulator()`.
 */
export interface Transport {
  readonly type: 'aoconnect' | 'simulator'
  readonly name: string
  /** Signs as `account` and sends a message; resolves to the message id. */
  message(p: { process: string; tags: Tag[]; data?: string; account: Account }): Promise<string>
  /** Result of evaluating message `message` on `process` (waits for it). */
  result(p: { process: string; message: string }): Promise<AoResult>
  /** Read-only evaluation as `owner`. */
  dryrun(p: { process: string; tags: Tag[]; data?: string; owner?: string }): Promise<AoResult>
  /** Messages processes sent because of user message `message` (`Pushed-For`), optionally only those to `recipient`. */
  pushedFor(p: { message: string; recipient?: string }): Promise<ChainMessage[]>
  /** Lets time pass before the next poll (aoconnect: sleeps; simulator: runs the world). */
  wait(): Promise<void>
}

export type TransportConfig = Transport

/** Builds a transport from its parts (viem `createTransport`): a single place to add cross-cutting behaviour. */
export function createTransport(config: TransportConfig): Transport {
  return Object.freeze({ ...config })
}
