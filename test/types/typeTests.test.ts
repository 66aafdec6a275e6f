import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import ts from 'typescript'
import { beforeAll, describe, expect, it } from 'vitest'

const ROOT = resolve(import.meta.dirname, '../..')
const FILE = join(ROOT, 'test/types/strategy.test-d.ts')
const SOURCE = readFileSync(FILE, 'utf8')
const DIRECTIVE = /^\s*\/\/ @ts-expect-error\b/

/** Type-checks the type-test file with its text replaced; returns each diagnostic's code and 0-based line. */
function check(text: string, old?: ts.Program) {
  const cfg = ts.getParsedCommandLineOfConfigFile(
    join(ROOT, 'tsconfig.json'),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(String(d.messageText))
      },
    },
  )!
  const host = ts.createCompilerHost(cfg.options)
  const getSourceFile = host.getSourceFile
  host.getSourceFile = (name, lang, ...rest) =>
    resolve(name) === FILE ? ts.createSourceFile(name, text, lang) : getSourceFile(name, lang, ...rest)
  const program = ts.createProgram({ rootNames: [FILE], options: cfg.options, host, oldProgram: old })
  const sf = program.getSourceFile(FILE)!
  const diags = [...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf)].map((d) => ({
    code: d.code,
    line: sf.getLineAndCharacterOfPosition(d.start ?? 0).line,
    text: ts.flattenDiagnosticMessageText(d.messageText, '\n').split('\n')[0],
  }))
  return { diags, program }
}

/**
 * The type tests are real: the file type-checks as written, every marked line is an error on that very line, and
 * making any marked line valid fails the check (TS2578, unused directive).
 */
describe('strategy DSL type tests (test/types/strategy.test-d.ts)', () => {
  const lines = SOURCE.split('\n')
  const marked = lines.flatMap((l, i) => (DIRECTIVE.test(l) ? [i] : []))
  let program: ts.Program

  beforeAll(() => {
    program = check(SOURCE).program
  })

  it('has at least 20 expected errors and type-checks as written', () => {
    expect(marked.length).toBeGreaterThanOrEqual(20)
    const { diags } = check(SOURCE, program)
    expect(diags).toEqual([])
  })

  it('every marked line is a type error, and no other line is', () => {
    const text = lines.map((l) => (DIRECTIVE.test(l) ? l.replace('@ts-expect-error', 'was-expect-error') : l))
    const { diags } = check(text.join('\n'), program)
    const errorLines = [...new Set(diags.map((d) => d.line))].sort((a, b) => a - b)
    expect(errorLines).toEqual(marked.map((i) => i + 1))
  })

  it('a marked line made valid fails the check (planted)', () => {
    // blank every marked line: each directive is then unused
    const text = lines.map((l, i) => (marked.includes(i - 1) ? '' : l))
    const { diags } = check(text.join('\n'), program)
    const unused = diags.filter((d) => d.code === 2578).map((d) => d.line)
    expect(unused).toEqual(marked)
  })
})
