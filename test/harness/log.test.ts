import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { makeId } from '../../src/ao/ids.ts'
import { HashChainError, LogOrderError, LogParseError } from '../../src/errors/harness.ts'
import { buildNode } from '../../src/harness/log/buildNode.ts'
import { LogWriter } from '../../src/harness/log/LogWriter.ts'
import { openLog } from '../../src/harness/log/openLog.ts'
import { logEndLine, type SuNode } from '../../src/harness/log/schema.ts'

const dir = mkdtempSync(join(tmpdir(), 'afk-log-'))
const PID = makeId('pool')
const WALLET = makeId('wallet')
const MU = makeId('mu')
const TOKEN = makeId('token')

function nodes(n: number): SuNode[] {
  const out: SuNode[] = []
  let prev: SuNode | null = null
  for (let i = 1; i <= n; i++) {
    const pushed = i % 2 === 0
    const node = buildNode({
      processId: PID,
      nonce: i,
      timestamp: 1_700_000_000_000 + i * 1000,
      blockHeight: 1_500_000 + i,
      owner: pushed ? MU : WALLET,
      tags: pushed
        ? [
            { name: 'Action', value: 'Credit-Notice' },
            { name: 'From-Process', value: TOKEN },
          ]
        : [{ name: 'Action', value: 'Info' }],
      prev,
    })
    out.push(node)
    prev = node
  }
  return out
}

async function collect(file: string) {
  const log = await openLog(file)
  const out = []
  for await (const r of log.records()) out.push(r)
  return { log, out }
}

const header = JSON.stringify({ format: 'afk-su-log', version: 1, processId: PID })
const body = (ns: unknown[]) => `${[header, ...ns.map((n) => JSON.stringify(n))].join('\n')}\n`
const lines = (ns: unknown[]) => `${body(ns)}${logEndLine(ns.length)}\n`

describe('log formats', () => {
  it('reads NDJSON written by LogWriter and maps nodes exactly as the CU does', async () => {
    const f = join(dir, 'ok.ndjson')
    const w = await LogWriter.open(f, { processId: PID })
    for (const n of nodes(4)) await w.write(n)
    await w.close()
    const { log, out } = await collect(f)
    expect(log.format).toBe('ndjson')
    expect(out.map((r) => r.message.Nonce)).toEqual([1, 2, 3, 4])
    const [wallet, pushed] = out
    expect(wallet.message.From).toBe(WALLET)
    expect(wallet.message['Forwarded-By']).toBeUndefined()
    expect(pushed.message.From).toBe(TOKEN)
    expect(pushed.message.Owner).toBe(MU)
    expect(pushed.message['Forwarded-By']).toBe(MU)
    expect(pushed.message['Block-Height']).toBe(1_500_002)
    expect(pushed.message.Timestamp).toBe(1_700_000_002_000)
    expect(pushed.message.Cron).toBe(false)
    expect(pushed.location.line).toBe(3)
  })

  it('reads SU page JSON, one page per line or pretty-printed', async () => {
    const ns = nodes(5)
    const page = (xs: SuNode[], more: boolean) => ({
      page_info: { has_next_page: more },
      edges: xs.map((node, i) => ({ cursor: String(i), node })),
    })
    const f1 = join(dir, 'pages.json')
    writeFileSync(
      f1,
      `${JSON.stringify(page(ns.slice(0, 2), true))}\n${JSON.stringify(page(ns.slice(2), false))}\n`,
    )
    const f2 = join(dir, 'pretty.json')
    writeFileSync(f2, `${JSON.stringify(page(ns, false), null, 2)}\n`)
    for (const f of [f1, f2]) {
      const { log, out } = await collect(f)
      expect(log.format).toBe('su-page')
      expect(log.header.processId).toBe(PID)
      expect(out.map((r) => r.facts.nonce)).toEqual([1, 2, 3, 4, 5])
    }
  })

  it('reads GraphQL edges, assigning nonces in block order', async () => {
    const f = join(dir, 'gql.json')
    const edge = (id: string, h: number) => ({
      cursor: id,
      node: {
        id: makeId(id),
        recipient: PID,
        owner: { address: WALLET },
        tags: [{ name: 'Action', value: 'Info' }],
        data: { size: '0' },
        block: { height: h, timestamp: 1_700_000_000 + h },
      },
    })
    writeFileSync(
      f,
      JSON.stringify(
        { data: { transactions: { edges: [edge('a', 1), edge('b', 2), edge('c', 2)] } } },
        null,
        1,
      ),
    )
    const { log, out } = await collect(f)
    expect(log.format).toBe('graphql')
    expect(out.map((r) => [r.facts.nonce, r.message.Timestamp])).toEqual([
      [1, 1_700_000_001_000],
      [2, 1_700_000_002_000],
      [3, 1_700_000_002_000],
    ])
  })

  it('rejects a truncated last line with its line number', async () => {
    const f = join(dir, 'trunc.ndjson')
    const text = body(nodes(3))
    writeFileSync(f, text.slice(0, text.length - 40))
    await expect(collect(f)).rejects.toThrow(LogParseError)
    await expect(collect(f)).rejects.toThrow(/trunc\.ndjson:4 \(byte \d+\): truncated entry/)
  })

  it('rejects wrong types naming the line and the field', async () => {
    const ns = nodes(3) as any[]
    ns[1] = { ...ns[1], message: { ...ns[1].message, tags: [{ name: 'Action', value: 7 }] } }
    const f = join(dir, 'types.ndjson')
    writeFileSync(f, lines(ns))
    const err = await collect(f).catch((e) => e)
    expect(err).toBeInstanceOf(LogParseError)
    expect(err.message).toMatch(/types\.ndjson:3/)
    expect(err.message).toMatch(/message\.tags\.0\.value/)
    const ns2 = nodes(2) as any[]
    ns2[1].assignment.tags = ns2[1].assignment.tags.map((t: any) =>
      t.name === 'Nonce' ? { name: 'Nonce', value: 'two' } : t,
    )
    writeFileSync(f, lines(ns2))
    await expect(collect(f)).rejects.toThrow(/types\.ndjson:3.*Nonce must be a non-negative integer/)
  })

  it('rejects out-of-order and missing nonces', async () => {
    const ns = nodes(4)
    const f = join(dir, 'order.ndjson')
    writeFileSync(f, lines([ns[0], ns[2], ns[1], ns[3]]))
    const err = await collect(f).catch((e) => e)
    expect(err).toBeInstanceOf(LogOrderError)
    expect(err.message).toMatch(/Nonce 3 at .*order\.ndjson:3 .*missing messages before/)
    writeFileSync(f, lines([ns[0], ns[1], ns[1]]))
    await expect(collect(f)).rejects.toThrow(/Nonce 2 at .*order\.ndjson:4 .*out-of-order or repeated/)
  })

  it('checks the hash chain', async () => {
    const ns = nodes(3) as any[]
    ns[2].assignment.tags = ns[2].assignment.tags.map((t: any) =>
      t.name === 'Hash-Chain' ? { name: 'Hash-Chain', value: makeId('forged') } : t,
    )
    const f = join(dir, 'chain.ndjson')
    writeFileSync(f, lines(ns))
    await expect(collect(f)).rejects.toThrow(HashChainError)
  })

  it('rejects unknown formats and empty files', async () => {
    const f = join(dir, 'weird.json')
    writeFileSync(f, '{"hello": 1}\n')
    await expect(openLog(f)).rejects.toThrow(/weird\.json:1.*unrecognised log format/)
    writeFileSync(f, '')
    await expect(openLog(f)).rejects.toThrow(/empty/)
  })

  it('takes the spawn item from the first SU edge when there is no header', async () => {
    const spawn = buildNode({
      processId: PID,
      id: PID,
      nonce: 0,
      timestamp: 1_700_000_000_000,
      blockHeight: 1_500_000,
      owner: WALLET,
      tags: [{ name: 'Token-A', value: TOKEN }],
    })
    const rest = nodes(2)
    const f = join(dir, 'spawnpage.json')
    writeFileSync(
      f,
      JSON.stringify({
        page_info: { has_next_page: false },
        edges: [spawn, ...rest].map((node, i) => ({ cursor: String(i), node })),
      }),
    )
    const log = await openLog(f)
    expect(log.header.process).toMatchObject({
      process_id: PID,
      owner: { address: WALLET },
      timestamp: 1_700_000_000_000,
      block: 1_500_000,
    })
    expect(log.header.process?.tags).toEqual([{ name: 'Token-A', value: TOKEN }])
  })
})
