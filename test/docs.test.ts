import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { makeId } from '../src/ao/ids.ts'
import { compile } from '../src/compiler/compile.ts'
import { WIRE_COMMANDS, wireMarkdown } from '../src/protocols/agentWire.ts'
import { HALT_SKIPS, knownEvents } from '../src/strategy/primitives/registry.ts'
import { replyEvents } from '../src/strategy/replies.ts'
import readmePortfolio from './fixtures/readmePortfolio.ts'

describe('README', () => {
  it("lists every machine event with exactly the primitives' fields", () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')
    const rows = new Map(
      [...readme.matchAll(/^\| `([a-z.<>-]+)` \| (.*) \|$/gm)].map((m) => [m[1], m[2] === '—' ? '' : m[2]]),
    )
    const events = knownEvents()
    for (const [name, fields] of Object.entries(events))
      expect(rows.get(name), name).toBe(
        Object.entries(fields)
          .map(([f, t]) => `${f}: ${t}`)
          .join(', '),
      )
    expect(
      [...rows.keys()].filter((k) => !k.startsWith('timeout.') && !k.startsWith('reply.')).sort(),
    ).toEqual(Object.keys(events).sort())
    // ask() replies: per strategy, the schema's fields come after the fixed ones
    for (const [name, fields] of Object.entries(replyEvents('<name>', []))) {
      const text = Object.entries(fields)
        .map(([f, t]) => `${f}: ${t}`)
        .join(', ')
      expect(rows.get(name), name).toMatch(new RegExp(`^${text}(, plus |$)`))
    }
  })

  it('shows a portfolio example that type-checks and compiles', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')
    const fixture = readFileSync(new URL('./fixtures/readmePortfolio.ts', import.meta.url), 'utf8')
    const example = fixture.split('\n').slice(2).join('\n')
    expect(readme).toContain(`\`\`\`ts\n${example}\`\`\``)
    const asset = (n: string) => ({ token: makeId(n), pool: makeId(`pool:${n}`), weightBps: 3000 })
    const r = compile(readmePortfolio, {
      base: makeId('b'),
      quote: makeId('q'),
      assets: [asset('x'), asset('y')],
    })
    expect(r.diagnostics).toEqual([])
  })
})

describe('README owner-command table', () => {
  it('is exactly the wire table the TS runtime and the Lua agent use (src/protocols/agentWire.ts)', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')
    const m = /<!-- wire:begin -->\n([\s\S]*?)\n<!-- wire:end -->/.exec(readme)
    expect(m?.[1]).toBe(wireMarkdown())
  })
  it('names in the Halt row exactly the actions a halt skips (the primitives marked `halts`)', () => {
    const halt = WIRE_COMMANDS.find((c) => c.action === 'Halt')!.reply
    const named = halt
      .slice(0, halt.indexOf('are skipped'))
      .match(/`([a-zA-Z]+)`/g)!
      .map((x) => x.slice(1, -1))
    expect(named.filter((n) => n !== 'Resume').sort()).toEqual([...HALT_SKIPS].sort())
  })
})
