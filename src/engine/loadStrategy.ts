import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { BaseError } from '../errors/BaseError.ts'
import { isStrategy, type Strategy } from '../strategy/defineStrategy.ts'

export class StrategyLoadError extends BaseError {
  override name = 'StrategyLoadError'
}

/** Imports a strategy module (its default export, or a named `strategy`). */
export async function loadStrategy(path: string): Promise<Strategy> {
  const url = pathToFileURL(resolve(path)).href
  let mod: Record<string, unknown>
  try {
    mod = await import(url)
  } catch (cause) {
    throw new StrategyLoadError(`Cannot load strategy ${path}.`, { cause })
  }
  const s = mod.default ?? mod.strategy
  if (!isStrategy(s))
    throw new StrategyLoadError(`${path} does not export a strategy.`, {
      metaMessages: ['Export it with `export default defineStrategy({ … })`.'],
    })
  return s
}
