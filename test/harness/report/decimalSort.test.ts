import { describe, expect, it } from 'vitest'
import { HTML_SCRIPT } from '../../../src/harness/report/htmlScript.ts'

/** The trades table sorts amount strings exactly (never through floats), so large raw amounts keep their order. */
describe('report trades table: decimal sort', () => {
  const from = HTML_SCRIPT.indexOf('  var DEC')
  const to = HTML_SCRIPT.indexOf('  function render')
  const decimalCompare = new Function(`${HTML_SCRIPT.slice(from, to)}; return decimalCompare;`)() as (
    x: string,
    y: string,
  ) => number | null

  it('orders integers beyond 2^53, signs and fractions exactly', () => {
    expect(decimalCompare('9007199254740993', '9007199254740992')).toBe(1)
    expect(decimalCompare('100000000000000000000001', '100000000000000000000000')).toBe(1)
    expect(decimalCompare('2', '10')).toBe(-1)
    expect(decimalCompare('-2', '-10')).toBe(1)
    expect(decimalCompare('-1', '0.5')).toBe(-1)
    expect(decimalCompare('0.1', '0.09')).toBe(1)
    expect(decimalCompare('1.50', '1.5')).toBe(0)
    expect(decimalCompare('-0', '0.000')).toBe(0)
  })

  it('leaves text to the string comparison', () => {
    expect(decimalCompare('filled', '1')).toBeNull()
    expect(decimalCompare('', '1')).toBeNull()
  })
})
