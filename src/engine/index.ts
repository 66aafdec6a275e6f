/** Entry point for running agents: `import { createEngine, TsEngine, AosEngine } from 'afk/engine'`. */
export { AosEngine, type AosEngineParameters } from './aosEngine.ts'
export {
  type CreatedEngine,
  type CreateEngineParameters,
  createDualEngine,
  createEngine,
  spawnTags,
} from './createEngine.ts'
export { DivergenceError, DualEngine } from './DualEngine.ts'
export { loadStrategy, StrategyLoadError } from './loadStrategy.ts'
export { normalizeStep, type TraceMessage, type TraceStep } from './normalizeTrace.ts'
export { type LuaHeader, readHeader, readLuaGraph } from './readLuaGraph.ts'
export { TsEngine, type TsEngineParameters } from './tsEngine.ts'
export type { AgentEngine, AgentSnapshot, JsonValue } from './types.ts'
