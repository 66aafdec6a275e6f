import type { AgentProfile } from '../profile.ts'
import dca from './dca.ts'
import hedge from './hedge.ts'
import portfolioZoo from './portfolioZoo.ts'
import rebalance from './rebalance.ts'
import signalDca from './signalDca.ts'

/** Every agent the reactive attacker knows, by `--agent` name. Add an agent: one profile module, one line here. */
export const PROFILES: Record<string, AgentProfile> = {
  dca,
  hedge,
  'signal-dca': signalDca,
  'portfolio-zoo': portfolioZoo,
  rebalance,
}
