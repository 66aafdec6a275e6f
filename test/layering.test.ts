import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, normalize } from 'node:path'
import { describe, expect, it } from 'vitest'

/**
 * Dependencies run one way: ao → protocols → strategy (definitions only) → compiler → engine; models, clients,
 * devnet, harness, deploy (and the reference processes) above them; cli on top, never imported by the library.
 * `errors`, `io` and `version.ts` are shared groundwork any part may use.
 */
const CORE = ['ao', 'protocols', 'strategy', 'compiler', 'engine']
const UPPER = ['processes', 'models', 'clients', 'devnet', 'harness', 'deploy']
const SHARED = ['errors', 'io', 'version.ts']

/** The parts of src/ that `part` may import from. */
function allowed(part: string): string[] {
  const core = CORE.indexOf(part)
  if (core >= 0) return [...CORE.slice(0, core + 1), ...SHARED]
  if (UPPER.includes(part)) return [...CORE, ...UPPER, ...SHARED]
  if (part === 'cli') return [...CORE, ...UPPER, ...SHARED, 'cli']
  // src/index.ts (the `afk` entry) and the shared parts
  return [...CORE, ...UPPER, ...SHARED]
}

/** Relative imports of a source file: static, `export … from`, and `import('…')` with a literal path. */
function importsOf(text: string): string[] {
  return [...text.matchAll(/(?:\bfrom\s+|\bimport\s*\(\s*|^import\s+)['"](\.{1,2}\/[^'"]+)['"]/gm)].map(
    (m) => m[1],
  )
}

/** `from → to` lines for every import of `files` that crosses the layering (paths relative to the repo). */
function violations(files: Array<{ path: string; text: string }>): string[] {
  const out: string[] = []
  for (const { path, text } of files) {
    const part = path.split('/')[1]
    for (const spec of importsOf(text)) {
      const target = normalize(join(dirname(path), spec))
      if (!target.startsWith('src/')) continue
      const to = target.split('/')[1]
      if (to !== part && !allowed(part).includes(to)) out.push(`${path} → ${target}`)
    }
  }
  return out.sort()
}

const sources = (): Array<{ path: string; text: string }> =>
  readdirSync('src', { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.(ts|mts|mjs)$/.test(f))
    .map((f) => ({ path: `src/${f}`, text: readFileSync(`src/${f}`, 'utf8') }))

describe('layering: dependencies run one way', () => {
  it('no part of src imports a part above it (strategy holds definitions only; the compiler never needs the engine)', () => {
    const files = sources()
    expect(files.length).toBeGreaterThan(200)
    expect(violations(files)).toEqual([])
  })

  it('planted drift: a definition importing the engine, the compiler importing the engine, the library importing cli', () => {
    const planted = [
      {
        path: 'src/strategy/primitives/actions/x.ts',
        text: "import type { Rt } from '../../../engine/runtime/types.ts'",
      },
      { path: 'src/strategy/x.ts', text: "export { compile } from '../compiler/compile.ts'" },
      { path: 'src/compiler/x.ts', text: "const m = await import('../engine/tsEngine.ts')" },
      { path: 'src/protocols/x.ts', text: "import { a } from '../strategy/expr.ts'" },
      { path: 'src/harness/x.ts', text: "import {\n  a,\n} from '../cli/output.ts'" },
      // allowed: downward imports and imports within a part
      { path: 'src/engine/x.ts', text: "import { compile } from '../compiler/compile.ts'" },
      {
        path: 'src/strategy/y.ts',
        text: "import { tagValue } from '../ao/message.ts'\nimport { z } from './expr.ts'",
      },
    ]
    expect(violations(planted)).toEqual([
      'src/compiler/x.ts → src/engine/tsEngine.ts',
      'src/harness/x.ts → src/cli/output.ts',
      'src/protocols/x.ts → src/strategy/expr.ts',
      'src/strategy/primitives/actions/x.ts → src/engine/runtime/types.ts',
      'src/strategy/x.ts → src/compiler/compile.ts',
    ])
  })
})
