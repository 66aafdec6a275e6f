import { describe, expect, it } from 'vitest'
import { runLog } from '../../src/engine/runtime/primitives/actions/misc.ts'
import type { Rt } from '../../src/engine/runtime/types.ts'
import { stableJson } from '../../src/protocols/stableJson.ts'
import type { Value } from '../../src/strategy/expr.ts'
import type { IrAction } from '../../src/strategy/ir.ts'

/** what runLog wrote before it kept its parts per action: stableJson of the whole { event, fields } document */
function reference(action: IrAction, args: Record<string, Value>): string {
  const fields: Record<string, Value> = {}
  for (const [k] of action.args) fields[k] = args[k]
  return `afk:log ${stableJson({ event: action.static!.event, fields })}`
}

function line(action: IrAction, args: Record<string, Value>): string {
  const rt = { logs: [] as string[] } as unknown as Rt
  runLog(rt, args, action)
  return rt.logs[0] as string
}

const action = (event: string, keys: string[]): IrAction =>
  ({
    name: 'log',
    args: keys.map((k) => [k, { k: 'lit', t: 'str', v: '' }]),
    static: { event },
  }) as unknown as IrAction

describe('runLog (the `log` action line)', () => {
  it('writes what stableJson writes for the { event, fields } document, for every kind of value and key', () => {
    const values: Value[] = [
      0n,
      -12n,
      10n ** 40n,
      '',
      'a"b\\c\n\u0001\u007f',
      'é€',
      true,
      false,
      [1n, 'x'],
      { b: 1n, a: [] },
    ]
    const keys = ['order', 'amountIn', 'Z', 'a b', 'é', '"q"', '__proto__', 'constructor', 'amountIn']
    let seed = 7
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648
      return seed % n
    }
    for (let i = 0; i < 300; i++) {
      const ks = keys.filter(() => rand(2) === 0)
      const a = action(['filled', 'x"y', ''][rand(3)], ks)
      const args: Record<string, Value> = {}
      // the runtime sets every argument of the action (an own key, even `__proto__`); a few left undefined
      for (const k of ks)
        Object.defineProperty(args, k, {
          value: rand(5) > 0 ? values[rand(values.length)] : undefined,
          enumerable: true,
          configurable: true,
        })
      expect(line(a, args)).toBe(reference(a, args))
    }
  })

  it('planted drift: a line with a key out of order differs from the reference', () => {
    const a = action('filled', ['b', 'a'])
    const args = { a: 1n, b: 2n }
    expect(line(a, args)).toBe('afk:log {"event":"filled","fields":{"a":"1","b":"2"}}')
    expect(line(a, args)).not.toBe('afk:log {"event":"filled","fields":{"b":"2","a":"1"}}')
  })
})
