import { readdirSync } from 'node:fs'
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { Command, type Option } from 'commander'
import { describe, expect, it } from 'vitest'

/** Every command module (also ones added later): registered on a fresh program, never run. */
async function program(): Promise<Command> {
  const p = new Command('afk')
  for (const f of readdirSync('src/cli/commands')
    .filter((f) => f.endsWith('.ts'))
    .sort()) {
    const mod = await import(pathToFileURL(resolve('src/cli/commands', f)).href)
    mod.register?.(p)
  }
  return p
}

function all(c: Command): Command[] {
  return [c, ...c.commands.flatMap(all)]
}

/** Sentence-case fragments: start lowercase (or with an acronym such as MU, SU, JSON), no final period. */
const styled = (s: string) => /^([a-z0-9]|[A-Z0-9]{2,}\b|`)/.test(s) && !/\.$/.test(s.trim())

describe('one CLI convention on every command (issue 12 item 8)', () => {
  it('help texts are in one style', async () => {
    const bad: string[] = []
    for (const c of all(await program()).slice(1)) {
      if (!styled(c.description())) bad.push(`${c.name()}: ${c.description()}`)
      for (const o of c.options as Option[])
        if (!styled(o.description)) bad.push(`${c.name()} ${o.flags}: ${o.description}`)
    }
    expect(bad).toEqual([])
  })

  it('-p/--params, --json on stdout, -o for files, --raw next to every amount option', async () => {
    const cmds = all(await program()).slice(1)
    const problems: string[] = []
    for (const c of cmds) {
      const opts = c.options as Option[]
      const find = (long: string) => opts.find((o) => o.long === long)
      const params = find('--params')
      if (params && params.short !== '-p') problems.push(`${c.name()}: --params without -p`)
      const json = find('--json')
      if (json && (json.required || json.optional))
        problems.push(`${c.name()}: --json takes a file (it means stdout)`)
      for (const o of opts) {
        if (o.long && /^--(out|json-file)$/.test(o.long) && o.short !== '-o')
          problems.push(`${c.name()}: ${o.long} without -o`)
        if (/<amount>/.test(o.flags) && !find('--raw')) problems.push(`${c.name()}: ${o.flags} without --raw`)
        if (/amount|deposit/i.test(o.long ?? '') && !/<amount>/.test(o.flags))
          problems.push(`${c.name()}: ${o.flags} should take <amount> (whole tokens, --raw for base units)`)
      }
    }
    expect(problems).toEqual([])
    // the commands that take params all accept -p
    const takesParams = cmds.filter((c) => (c.options as Option[]).some((o) => o.long === '--params'))
    expect(takesParams.map((c) => c.name()).sort()).toEqual(
      expect.arrayContaining(['backtest', 'check', 'compile', 'graph', 'sweep']),
    )
  })
})

describe('NO_COLOR (issue 12 item 8)', () => {
  it('colours only on a terminal and never when NO_COLOR is set', async () => {
    const { colorEnabled } = await import('../../src/io/color.ts')
    const saved = process.env.NO_COLOR
    try {
      delete process.env.NO_COLOR
      expect([colorEnabled({ isTTY: true }), colorEnabled({ isTTY: false })]).toEqual([true, false])
      process.env.NO_COLOR = '1'
      expect(colorEnabled({ isTTY: true })).toBe(false)
    } finally {
      if (saved === undefined) delete process.env.NO_COLOR
      else process.env.NO_COLOR = saved
    }
  })
})
