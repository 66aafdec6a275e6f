import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { fromDefinition } from '../../src/compiler/fromDefinition.ts'
import { loadStrategy } from '../../src/engine/loadStrategy.ts'
import { FileAccessError } from '../../src/errors/file.ts'
import { BacktestConfigError, LogParseError } from '../../src/errors/harness.ts'
import { runBacktestDetailed } from '../../src/harness/backtest.ts'
import { readLines } from '../../src/harness/log/lines.ts'
import { openLog } from '../../src/harness/log/openLog.ts'
import { logEndLine } from '../../src/harness/log/schema.ts'
import { loadProcessSource } from '../../src/processes/referenceProcess.ts'

const DEMO = 'samples/botega-demo.ndjson'
const dir = mkdtempSync(join(tmpdir(), 'afk-truth-'))
const demoLines = readFileSync(DEMO, 'utf8').split('\n')
const params = { amount: '1000000000000', slippageBps: 100 }

/** The demo log's first `n` messages (spawn item included) with a complete end marker; `edit` changes lines. */
function demoPrefix(
  name: string,
  n: number,
  edit: (nodes: string[], header: any) => void = () => {},
): string {
  const header = { ...JSON.parse(demoLines[0]), records: undefined }
  const nodes = demoLines.slice(1, n + 2)
  edit(nodes, header)
  const f = join(dir, name)
  writeFileSync(f, `${[JSON.stringify(header), ...nodes, logEndLine(nodes.length)].join('\n')}\n`)
  return f
}

async function readAll(file: string): Promise<number> {
  let n = 0
  for await (const _ of (await openLog(file)).records()) n++
  return n
}

describe('logs that are not complete are refused (issue 12 item 3)', () => {
  it('a log without its end marker (an interrupted writer) is refused, naming the last line', async () => {
    const f = join(dir, 'no-end.ndjson')
    writeFileSync(f, `${demoLines.slice(0, 51).join('\n')}\n`)
    const err = await readAll(f).catch((e) => e)
    expect(err).toBeInstanceOf(LogParseError)
    expect(err.shortMessage).toMatch(/no-end\.ndjson:51 .*no end marker after 50 records/)
    // planted drift: the same lines with the marker are accepted
    expect(await readAll(demoPrefix('with-end.ndjson', 49))).toBe(50)
  })

  it('an end marker or header count that does not match the records is refused', async () => {
    const f = join(dir, 'count.ndjson')
    writeFileSync(f, `${[...demoLines.slice(0, 11), logEndLine(9)].join('\n')}\n`)
    await expect(readAll(f)).rejects.toThrow(/counts 9 records but the log has 10/)
    const h = demoPrefix('header-count.ndjson', 9, (_n, header) => {
      header.records = 11
    })
    await expect(readAll(h)).rejects.toThrow(/header promises 11 records but the log has 10/)
    const after = join(dir, 'after.ndjson')
    writeFileSync(after, `${readFileSync(demoPrefix('a.ndjson', 5), 'utf8')}${demoLines[7]}\n`)
    await expect(readAll(after)).rejects.toThrow(/data after the end marker/)
  })

  it('a runaway line is refused at its line before it fills memory', async () => {
    const f = join(dir, 'long.ndjson')
    writeFileSync(f, `${demoLines[0]}\n{"message":${'x'.repeat(200_000)}\n`)
    const lines = async (max: number) => {
      for await (const _ of readLines(f, max));
    }
    const at = Buffer.byteLength(demoLines[0]) + 1
    await expect(lines(50_000)).rejects.toThrow(`long.ndjson:2 (byte ${at}): line longer than 50000 bytes`)
    await expect(lines(300_000)).resolves.toBeUndefined()
  })

  it('a missing log or a directory is a FileAccessError naming the path', async () => {
    await expect(openLog(join(dir, 'missing.ndjson'))).rejects.toThrow(FileAccessError)
    await expect(openLog(dir)).rejects.toThrow(/Cannot read log .*: is a directory/)
  })
})

describe('backtests that tell the truth', () => {
  it('params naming a pool or token absent from the log stop the run; --force warns everywhere (item 1)', async () => {
    const log = demoPrefix('small.ndjson', 120)
    const foreign = JSON.parse(readFileSync('agents/dca.params.json', 'utf8'))
    const o = { strategy: 'agents/dca.ts', log, engine: 'ts' as const, params: foreign }
    const err = await runBacktestDetailed(o).catch((e) => e)
    expect(err).toBeInstanceOf(BacktestConfigError)
    expect(err.shortMessage).toMatch(/params\.pool .* is not the pool of the log/)
    const warned: string[] = []
    const forced = await runBacktestDetailed({ ...o, force: true }, { onWarning: (w) => w && warned.push(w) })
    expect(forced.run.trades).toEqual([])
    expect(forced.run.meta.warnings?.length).toBe(3)
    expect(warned.filter((w) => w.includes('--force'))).toHaveLength(3)
  })

  it('a swap notice with an unusable Quantity is counted and reported with file:line (item 2)', async () => {
    let at = -1
    const log = demoPrefix('bad-qty.ndjson', 120, (nodes) => {
      at = nodes.findIndex((l, i) => i > 10 && l.includes('"X-Action","value":"Swap"'))
      nodes[at] = nodes[at].replace(/"name":"Quantity","value":"\d+"/, '"name":"Quantity","value":"12.5"')
    })
    const r = await runBacktestDetailed({ strategy: 'agents/dca.ts', log, engine: 'ts', params })
    expect(r.recorded.unusable).toEqual({
      count: 1,
      first: `${log}:${at + 2}`,
      reason: 'Quantity "12.5" is not a non-negative integer',
    })
    expect(r.run.meta.log.unusable?.count).toBe(1)
  })

  it('a pool whose code is in the log is priced through Get-Reserves, not its globals (item 4)', async () => {
    // Our pool's code with its internal `Reserves` global renamed: only the protocol can read it now.
    const code = loadProcessSource('botega_pool').replace(/(?<![\w-])Reserves(?![\w-])/g, 'PoolBook')
    expect(code).not.toMatch(/(?<![\w-])Reserves\[/)
    const log = demoPrefix('pool-code.ndjson', 60, (_n, header) => {
      header.process = {
        ...header.process,
        tags: [...header.process.tags, { name: 'On-Boot', value: 'Data' }],
        data: code,
      }
    })
    const o = { strategy: 'agents/dca.ts', log, engine: 'ts' as const, params }
    const lua = await runBacktestDetailed({ ...o, processes: 'lua' })
    expect(lua.run.trades.filter((t) => t.status === 'filled').length).toBeGreaterThan(0)
    expect(lua.run.meta.warnings).toBeUndefined()
    const warned: string[] = []
    const model = await runBacktestDetailed(
      { ...o, processes: 'model' },
      { onWarning: (w) => w && warned.push(w) },
    )
    expect(warned.join('\n')).toMatch(/--processes model replaces the pool code recorded in the log/)
    expect(model.run.meta.warnings?.[0]).toMatch(/replaces the pool code/)
    // same code, same market: the model agrees with the recorded code
    expect(model.run.trades).toEqual(lua.run.trades)
    // anchoring overwrites reserves, which only afk's own pool allows: said, not attempted on foreign code
    await expect(
      runBacktestDetailed({ ...o, processes: 'lua', market: 'anchored', maxEvents: 20 }),
    ).rejects.toThrow(/Anchored mode cannot set the reserves of the pool code recorded in the log/)
  })

  it('params compile only if the agent can run them: unknown keys and out-of-range ints (item 6)', async () => {
    const dca = await loadStrategy('agents/dca.ts')
    const base = JSON.parse(readFileSync('agents/dca.params.json', 'utf8'))
    const typo = fromDefinition(dca, { ...base, amonut: '1' }).diagnostics.list
    expect(typo).toEqual([
      expect.objectContaining({
        code: 'unknown-param',
        path: ['params', 'amonut'],
        hint: "did you mean 'amount'?",
      }),
    ])
    const huge = fromDefinition(dca, { ...base, amount: String(2n ** 300n) }).diagnostics.list
    expect(huge.map((d) => [d.code, d.path.join('.')])).toEqual([['invalid-params', 'params.amount']])
    expect(fromDefinition(dca, base).ir).toBeDefined()
  })
})
