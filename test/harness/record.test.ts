import { execFile } from 'node:child_process'
import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeId } from '../../src/ao/ids.ts'
import { tagValue } from '../../src/ao/message.ts'
import { HashChainError, SuRequestError } from '../../src/errors/harness.ts'
import { buildNode } from '../../src/harness/log/buildNode.ts'
import { openLog } from '../../src/harness/log/openLog.ts'
import type { SuNode } from '../../src/harness/log/schema.ts'
import { recordLog } from '../../src/harness/record/recordLog.ts'

const PID = makeId('recorded-process')
const WALLET = makeId('rec-wallet')
const dir = mkdtempSync(join(tmpdir(), 'afk-rec-'))

/** Spawn (nonce 0) plus n messages; several share a millisecond to exercise timestamp paging. */
function chain(n: number): SuNode[] {
  const out: SuNode[] = []
  let prev: SuNode | null = null
  for (let i = 0; i <= n; i++) {
    const node = buildNode({
      processId: PID,
      id: i === 0 ? PID : undefined,
      nonce: i,
      timestamp: 1_700_000_000_000 + Math.floor(i / 3) * 1000,
      blockHeight: 1_500_000 + i,
      owner: WALLET,
      tags:
        i === 0
          ? [{ name: 'Type', value: 'Process' }]
          : [
              { name: 'Action', value: 'Ping' },
              { name: 'N', value: String(i) },
            ],
      prev,
    })
    out.push(node)
    prev = node
  }
  return out
}

/** A small SU: nonce and timestamp paging like the Rust SU, with switches for faults. */
function suServer(
  nodes: SuNode[],
  faults: { failFirst?: number; ignoreNonce?: boolean; requests?: string[] },
) {
  let failures = faults.failFirst ?? 0
  return createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x')
    faults.requests?.push(url.pathname + url.search)
    if (failures > 0) {
      failures--
      res.writeHead(503).end('busy')
      return
    }
    const parts = url.pathname.split('/').filter(Boolean)
    if (parts[0] === 'processes') {
      res.writeHead(404).end('no')
      return
    }
    const q = url.searchParams
    const limit = Number(q.get('limit') ?? 100)
    const nonceOf = (n: SuNode) => Number(tagValue(n.assignment.tags, 'Nonce'))
    const tsOf = (n: SuNode) => Number(tagValue(n.assignment.tags, 'Timestamp'))
    let list = nodes
    if (q.has('from-nonce') && !faults.ignoreNonce)
      list = list.filter((n) => nonceOf(n) > Number(q.get('from-nonce')))
    else if (q.has('from')) list = list.filter((n) => tsOf(n) > Number(q.get('from')))
    if (q.has('to')) list = list.filter((n) => tsOf(n) <= Number(q.get('to')))
    const page = list.slice(0, limit)
    res.writeHead(200, { 'content-type': 'application/json' })
    res.end(
      JSON.stringify({
        page_info: { has_next_page: list.length > page.length },
        edges: page.map((node) => ({ cursor: String(nonceOf(node)), node })),
      }),
    )
  })
}

async function listen(s: Server): Promise<string> {
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r))
  return `http://127.0.0.1:${(s.address() as AddressInfo).port}`
}

async function nonces(file: string): Promise<number[]> {
  const out: number[] = []
  for await (const r of (await openLog(file)).records()) out.push(r.facts.nonce)
  return out
}

const servers: Server[] = []
afterAll(() => {
  for (const s of servers) s.close()
})
const start = async (nodes: SuNode[], faults = {}) => {
  const s = suServer(nodes, faults)
  servers.push(s)
  return listen(s)
}
const fast = { backoffMs: 1, sleep: async () => {} }

describe('afk record', () => {
  const nodes = chain(25)
  let su: string
  beforeAll(async () => {
    su = await start(nodes)
  })

  it('pages by nonce, includes the spawn item and writes a valid NDJSON log', async () => {
    const out = join(dir, 'a.ndjson')
    const r = await recordLog({ processId: PID, su, out, pageSize: 7, ...fast })
    expect(r).toMatchObject({ written: 26, lastNonce: 25, timestampPaging: false })
    expect(await nonces(out)).toEqual([...Array(26).keys()])
    const log = await openLog(out)
    expect(log.header.processId).toBe(PID)
  })

  it('resumes after the last nonce, cutting a half-written last line, without duplicates', async () => {
    const out = join(dir, 'b.ndjson')
    const requests: string[] = []
    const partial = await start(nodes.slice(0, 11))
    await recordLog({ processId: PID, su: partial, out, pageSize: 4, ...fast })
    appendFileSync(out, '{"message":{"id":"half') // a crash mid-write
    const r = await recordLog({
      processId: PID,
      su: await start(nodes, { requests }),
      out,
      pageSize: 4,
      ...fast,
    })
    expect(r.resumedAfter).toBe(10)
    expect(r.written).toBe(15)
    expect(requests[0]).toContain('from-nonce=10')
    expect(await nonces(out)).toEqual([...Array(26).keys()])
  })

  it('retries with backoff on 5xx and gives up with a typed error', async () => {
    const waits: number[] = []
    const out = join(dir, 'c.ndjson')
    const r = await recordLog({
      processId: PID,
      su: await start(nodes, { failFirst: 3 }),
      out,
      backoffMs: 10,
      sleep: async (ms) => void waits.push(ms),
    })
    expect(r.written).toBe(26)
    expect(waits).toEqual([10, 20, 40])
    const err = await recordLog({
      processId: PID,
      su: await start(nodes, { failFirst: 100 }),
      out: join(dir, 'd.ndjson'),
      retries: 2,
      ...fast,
    }).catch((e) => e)
    expect(err).toBeInstanceOf(SuRequestError)
    expect(err.message).toMatch(/after 3 attempt/)
  })

  it('falls back to overlapping timestamp paging and de-duplicates', async () => {
    const out = join(dir, 'e.ndjson')
    const r = await recordLog({
      processId: PID,
      su: await start(nodes, { ignoreNonce: true }),
      out,
      pageSize: 5,
      ...fast,
    })
    expect(r.timestampPaging).toBe(true)
    expect(r.duplicates).toBeGreaterThan(0)
    expect(await nonces(out)).toEqual([...Array(26).keys()])
  })

  it('honours --to and refuses a broken hash chain', async () => {
    const out = join(dir, 'f.ndjson')
    await recordLog({ processId: PID, su, out, to: 1_700_000_002_000, ...fast })
    expect(await nonces(out)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8])
    const bad = structuredClone(nodes)
    bad[5].assignment.tags = bad[5].assignment.tags.map((t) =>
      t.name === 'Hash-Chain' ? { ...t, value: makeId('x') } : t,
    )
    await expect(
      recordLog({ processId: PID, su: await start(bad), out: join(dir, 'g.ndjson'), ...fast }),
    ).rejects.toThrow(HashChainError)
  })

  it('refuses to append to a log of another process', async () => {
    const out = join(dir, 'h.ndjson')
    writeFileSync(
      out,
      `${JSON.stringify({ format: 'afk-su-log', version: 1, processId: makeId('other') })}\n`,
    )
    await expect(recordLog({ processId: PID, su, out, ...fast })).rejects.toThrow(
      /not .*recorded|for process/,
    )
    expect(readFileSync(out, 'utf8').split('\n').length).toBe(2)
  })

  it('runs as `afk record` and reports what it wrote', async () => {
    const out = join(dir, 'cli.ndjson')
    const { stdout } = await promisify(execFile)(process.execPath, [
      'bin/afk.mjs',
      'record',
      '--process',
      PID,
      '--su',
      su,
      '--from-nonce',
      '-1',
      '--page-size',
      '10',
      '-o',
      out,
    ])
    expect(stdout).toMatch(/wrote 26 messages, last nonce 25, 0 duplicates skipped/)
    expect(await nonces(out)).toEqual([...Array(26).keys()])
    const bad = await promisify(execFile)(process.execPath, [
      'bin/afk.mjs',
      'record',
      '--process',
      PID,
      '--su',
      su,
      '--page-size',
      'x',
      '-o',
      out,
    ]).catch((e) => e)
    expect(bad.code).not.toBe(0)
    expect(bad.stderr).toMatch(/--page-size must be an integer/)
  })
})
