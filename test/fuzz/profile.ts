import type { Strategy } from '../../src/strategy/defineStrategy.ts'

/** A pool of the scene: a Botega pool between two of the profile's tokens. */
export interface PoolSpec {
  name: string
  a: string
  b: string
}

/** Ids of one scene's processes and wallets, by the names the profile gave them. */
export interface FuzzIds {
  agent: string
  owner: string
  lp: string
  attacker: string
  /** the signal process's operator (sets signals, goes silent) */
  oracle: string
  signal?: string
  tokens: Record<string, string>
  pools: Record<string, string>
}

/** What a profile's own legitimate move may do: send as a wallet at now + dt. */
export interface MoveContext {
  ids: FuzzIds
  owner: string
  send(from: string, target: string, tags: Record<string, string>, data?: string, dt?: number): void
}

/**
 * Everything the reactive attacker needs to know about one agent: how to compile it against a scene of token,
 * pool and signal processes, and the legitimate traffic an owner and the market produce for it. Adding an agent to
 * the fuzzer is one module exporting one of these (test/fuzz/agents/), registered in test/fuzz/agents/index.ts.
 */
export interface AgentProfile {
  name: string
  strategy: Strategy
  /** token processes of the scene; every book key of the agent maps to one of them (see `bookTokens`) */
  tokens: string[]
  /** Botega pools of the scene (several against a numeraire for a rebalancer) */
  pools: PoolSpec[]
  /** spawn the reference signal process with these signals (asset → bps) */
  signal?: Record<string, number>
  /** the agent's params against this scene's ids */
  params(ids: FuzzIds): Record<string, unknown>
  /** cron period in ms: move 0 jumps to just after the next tick */
  tickMs: number
  /** Update-Params bodies the owner tries (valid and invalid); `amt` and `b` are the move's random numbers */
  updateBodies(ids: FuzzIds, amt: bigint, b: number): string[]
  /** bodies among `updateBodies` that must be refused with Agent-Error (by index) */
  invalidBodies: number[]
  /** extra legitimate moves of this agent (beyond ticks, deposits, withdraws, swaps, owner commands) */
  moves?: Array<(ctx: MoveContext, a: number, b: number) => void>
  /** machine events the `npm test` volume must reach at least once: the legitimate traffic really ran */
  expectEvents: string[]
  /** integer context counters that must be above 0 summed over the `npm test` volume (the strategy really acted) */
  expectCounters: string[]
  /**
   * `npm test` volume: plans and moves per plan so that `minMessages` agent messages (20,000 for an agent of
   * issue 10; fewer for a test fixture) run in about 10 s
   */
  testRuns: { numRuns: number; maxMoves: number; seed: number; minMessages: number }
}

export function defineProfile(p: AgentProfile): AgentProfile {
  if (p.pools.some((q) => !p.tokens.includes(q.a) || !p.tokens.includes(q.b)))
    throw new Error(`profile ${p.name}: every pool must join two of its tokens`)
  if (p.invalidBodies.some((i) => i < 0)) throw new Error(`profile ${p.name}: bad invalidBodies`)
  return p
}
