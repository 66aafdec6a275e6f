import { describe, expect, it } from 'vitest'
import { compileExpr, type ExprEnv, evalExpr } from '../../src/engine/runtime/evalExpr.ts'
import type { ExprNode } from '../../src/strategy/expr.ts'

const int = (v: string): ExprNode => ({ k: 'lit', t: 'int', v })
const bool = (v: boolean): ExprNode => ({ k: 'lit', t: 'bool', v })
const op = (name: string, ...args: ExprNode[]): ExprNode => ({ k: 'op', op: name, args }) as ExprNode
const env = (): ExprEnv => ({
  params: { amount: 10n },
  context: { ring: [3n, 1n, 2n], rows: [{ q: 5n }, { q: 7n }], m: { a: 1n } },
  event: {},
  now: 100n,
  self: 'me',
  owner: 'boss',
  balances: { base: 4n },
})

describe('compiled expressions (one closure per IR node)', () => {
  it('evaluates the DSL', () => {
    const ring: ExprNode = { k: 'ctx', name: 'ring' }
    const cases: Array<[ExprNode, unknown]> = [
      [op('add', { k: 'param', name: 'amount' }, int('5')), 15n],
      [op('div', int('7'), int('2')), 3n],
      [{ k: 'op', op: 'div', round: 'ceil', args: [int('7'), int('2')] }, 4n],
      [{ k: 'op', op: 'muldiv', args: [int('10'), int('3'), int('4')] }, 7n],
      [op('clamp', int('9'), int('0'), int('5')), 5n],
      [op('if', op('lt', { k: 'now' }, int('50')), int('1'), int('2')), 2n],
      [op('concat', { k: 'self' }, int('1'), bool(true)), 'me1true'],
      [{ k: 'agg', fn: 'sum', of: ring, body: { k: 'item', depth: 1 }, depth: 1 }, 6n],
      [{ k: 'agg', fn: 'min', of: ring, body: { k: 'item', depth: 1 }, depth: 1 }, 1n],
      [{ k: 'at', of: { k: 'ctx', name: 'rows' }, index: int('1'), field: 'q' }, 7n],
      [{ k: 'get', of: { k: 'ctx', name: 'm' }, key: { k: 'lit', t: 'str', v: 'b' } }, 0n],
      [{ k: 'len', of: ring }, 3n],
      [{ k: 'bal', token: 'base' }, 4n],
    ]
    for (const [e, want] of cases) expect(evalExpr(e, env())).toEqual(want)
  })

  it('keeps the tree walk’s evaluation order: the first failing argument wins, later ones are not evaluated', () => {
    const missingBoth = op('add', { k: 'param', name: 'a' }, { k: 'ctx', name: 'b' })
    expect(() => evalExpr(missingBoth, env())).toThrow(/missing param 'a'/)
    // the left argument is checked to be an integer before the right one is read
    expect(() => evalExpr(op('lt', bool(true), { k: 'ctx', name: 'nope' }), env())).toThrow(
      /expected an integer, got boolean/,
    )
    // `and` stops at the first non-true argument
    expect(evalExpr(op('and', bool(false), { k: 'ctx', name: 'nope' }), env())).toBe(false)
  })

  it('parses a literal only when it is evaluated, and a malformed node fails only when reached', () => {
    const bad = int('not a number')
    expect(evalExpr(op('if', bool(true), int('1'), bad), env())).toBe(1n)
    expect(() => evalExpr(op('if', bool(false), int('1'), bad), env())).toThrow(SyntaxError)
    const short = op('add', int('1'))
    expect(() => evalExpr(short, env())).toThrow(/reading 'k'/)
  })

  it('compiles a node once', () => {
    const e = op('add', int('1'), int('2'))
    expect(compileExpr(e)).toBe(compileExpr(e))
  })
})
