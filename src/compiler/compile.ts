import { createHash } from 'node:crypto'
import { stableJson } from '../protocols/stableJson.ts'
import type { Strategy } from '../strategy/defineStrategy.ts'
import type { StrategyIR } from '../strategy/ir.ts'
import { version } from '../version.ts'
import { CompileError, type Diagnostic } from './diagnostics.ts'
import { emitLua } from './emitLua.ts'
import { fromDefinition } from './fromDefinition.ts'

export interface CompileManifest {
  id: string
  afkVersion: string
  strategyHash: string
  paramsHash: string
  modules: string[]
  states: string[]
  events: string[]
  cron?: { interval: string; tags: Record<string, string> }
  bytes: number
}

export interface CompileResult {
  /** undefined when there are errors */
  lua?: string
  ir?: StrategyIR
  diagnostics: Diagnostic[]
  manifest?: CompileManifest
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex')

/** Hash of the strategy itself (machine, params schema, context), independent of concrete param values. */
export function strategyHash(ir: StrategyIR): string {
  const { params: _p, ...rest } = ir
  return sha256(stableJson(rest))
}

/**
 * Compiles a strategy with concrete params into one self-contained Lua file. Never throws on strategy mistakes:
 * they come back as diagnostics (code, path, hint). The output is byte-identical for the same input.
 */
export interface CompileOptions {
  /** immutable mode: the agent refuses every Eval after boot, even its owner's (shown in Status) */
  immutable?: boolean
}

export function compile(strategy: Strategy, params: unknown, options: CompileOptions = {}): CompileResult {
  const { ir, diagnostics } = fromDefinition(strategy, params)
  if (!ir || diagnostics.hasErrors) return { diagnostics: diagnostics.list }
  const meta = {
    afkVersion: version,
    strategyHash: strategyHash(ir),
    paramsHash: sha256(stableJson(ir.params)),
  }
  const { lua, modules } = emitLua(ir, { ...meta, immutable: options.immutable === true })
  return {
    lua,
    ir,
    diagnostics: diagnostics.list,
    manifest: {
      id: ir.id,
      ...meta,
      modules,
      states: ir.nodes.map((n) => n.path).filter((p) => p !== ''),
      events: [...new Set(ir.nodes.flatMap((n) => n.on.map(([e]) => e)))].sort(),
      ...(ir.cron ? { cron: ir.cron } : {}),
      bytes: Buffer.byteLength(lua),
    },
  }
}

export function compileOrThrow(
  strategy: Strategy,
  params: unknown,
  options: CompileOptions = {},
): Required<Omit<CompileResult, 'diagnostics'>> & CompileResult {
  const r = compile(strategy, params, options)
  if (!r.lua) throw new CompileError(r.diagnostics)
  return r as Required<CompileResult>
}
