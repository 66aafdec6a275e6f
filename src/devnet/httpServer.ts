import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { parseDataItem } from '../ao/ans104.ts'
import type { Tag } from '../ao/message.ts'
import { BaseError } from '../errors/BaseError.ts'
import { DevnetListenError, UnknownProcessError } from '../errors/devnet.ts'
import type { CuResult } from './ComputeUnit.ts'
import type { DevnetNode } from './DevnetNode.ts'
import { suMessage } from './Scheduler.ts'

/** Extra routes under `/devnet/*` (faucet, info, time travel) provided by `startDevnet`. */
export type DevnetExtras = Record<string, (body: any) => Promise<unknown>>

export interface DevnetUrls {
  mu: string
  su: string
  cu: string
  gateway: string
  /** Devnet control API (`/devnet/info`, `/devnet/faucet`, `/devnet/advance`). */
  control: string
}

/** A devnet request the devnet refuses because of its input (HTTP 400), e.g. a faucet call without an amount. */
export class DevnetBadRequestError extends BaseError {
  override name = 'DevnetBadRequestError'
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message)
  }
}

/**
 * Serves the devnet units on one loopback port under path prefixes `/mu`, `/su`, `/cu`, `/devnet`; the gateway is the
 * root (`/graphql`, `/{tx-id}`), because aoconnect appends `graphql` to the gateway URL.
 * Each prefix speaks the wire format of the real unit, so aoconnect (legacy mode) and SU readers work unchanged.
 */
export async function serveDevnet(
  node: DevnetNode,
  p: { port: number; extras: DevnetExtras },
): Promise<{ server: Server; urls: DevnetUrls }> {
  const server = createServer((req, res) => {
    route(node, p.extras, req).then(
      (out) => send(res, 200, out),
      (e) => {
        const status =
          e instanceof HttpError
            ? e.status
            : e instanceof UnknownProcessError
              ? 404
              : e instanceof BaseError
                ? 400
                : 500
        send(res, status, { error: e instanceof BaseError ? e.shortMessage : String(e?.message ?? e) })
      },
    )
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) =>
      reject(
        new DevnetListenError(
          p.port,
          e.code === 'EADDRINUSE' ? 'the port is in use (pass --port 0 for any free port)' : e.message,
        ),
      ),
    )
    server.listen(p.port, '127.0.0.1', () => resolve())
  })
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    server,
    urls: { mu: `${base}/mu`, su: `${base}/su`, cu: `${base}/cu`, gateway: base, control: `${base}/devnet` },
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  if (body instanceof Uint8Array) {
    res.writeHead(status, { 'content-type': 'application/octet-stream' })
    res.end(body)
    return
  }
  // a refused upload: close the connection rather than wait for the rest of it
  res.writeHead(status, {
    'content-type': 'application/json',
    ...(status === 413 ? { connection: 'close' } : {}),
  })
  res.end(JSON.stringify(body))
}

/**
 * Body limits: a data item posted to the MU may carry a module-sized payload; JSON requests (dry-run, GraphQL,
 * devnet control) are small. A larger body is refused with 413 before it is buffered.
 */
export const MAX_DATA_ITEM_BYTES = 16 * 1024 * 1024
export const MAX_JSON_BYTES = 1024 * 1024

async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'])
  const tooLarge = () => {
    req.resume() // discard the rest without keeping it
    return new HttpError(413, `Request body larger than ${limit} bytes`)
  }
  if (Number.isFinite(declared) && declared > limit) throw tooLarge()
  const chunks: Buffer[] = []
  let size = 0
  for await (const c of req) {
    size += (c as Buffer).length
    if (size > limit) throw tooLarge()
    chunks.push(c as Buffer)
  }
  return Buffer.concat(chunks)
}

/** A JSON request body: malformed JSON (or not an object) is the client's mistake, answered 400 with the reason. */
async function readJson(req: IncomingMessage, what: string, empty: unknown = {}): Promise<any> {
  const text = (await readBody(req, MAX_JSON_BYTES)).toString('utf8')
  if (text.trim() === '') return empty
  let v: unknown
  try {
    v = JSON.parse(text)
  } catch (e) {
    throw new HttpError(400, `Malformed JSON in the ${what} body: ${(e as Error).message}`)
  }
  if (!v || typeof v !== 'object' || Array.isArray(v))
    throw new HttpError(400, `The ${what} body must be a JSON object`)
  return v
}

async function route(node: DevnetNode, extras: DevnetExtras, req: IncomingMessage): Promise<unknown> {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1')
  const parts = url.pathname.split('/').filter(Boolean)
  // The gateway lives at the root, like arweave.net: `/graphql`, `/info`, `/{tx-id}`.
  const [unit, ...rest] = ['mu', 'su', 'cu', 'devnet'].includes(parts[0]) ? parts : ['gateway', ...parts]
  const q = url.searchParams
  const method = req.method ?? 'GET'
  const num = (k: string) => intParam(q, k)
  switch (unit) {
    case 'mu': {
      if (method === 'GET' && rest.length === 0) return { name: 'afk devnet MU', address: node.muAddress }
      if (rest[0] === 'monitor' && rest[1]) {
        parseDataItem(
          new Uint8Array(await readBody(req, MAX_DATA_ITEM_BYTES)),
          `monitor request for ${rest[1]}`,
        )
        node.monitor(rest[1], method !== 'DELETE')
        return { message: method === 'DELETE' ? 'unmonitored' : 'monitoring' }
      }
      if (method === 'POST' && rest.length === 0) {
        const { id, assignment } = node.post(new Uint8Array(await readBody(req, MAX_DATA_ITEM_BYTES)))
        return {
          id,
          message: 'Processing DataItem',
          ...(assignment.nonce === 0 && assignment.processId === id ? { processId: id } : {}),
        }
      }
      break
    }
    case 'su': {
      if (rest.length === 0)
        return { Unit: 'Scheduler', Address: node.su.address, Timestamp: node.clock.now() }
      if (rest[0] === 'timestamp') {
        const t = node.clock.now()
        return { timestamp: String(t), block_height: String(node.clock.blockHeight(t)).padStart(12, '0') }
      }
      if (rest[0] === 'processes' && rest[1]) {
        const spawn = node.su.spawnOf(rest[1])
        if (!spawn) throw new UnknownProcessError(rest[1], { action: 'GET /processes' })
        const m = suMessage(spawn.message)
        return {
          process_id: rest[1],
          block: String(spawn.blockHeight),
          owner: m.owner,
          tags: m.tags,
          timestamp: spawn.timestamp,
          data: m.data,
          anchor: m.anchor,
          signature: m.signature,
          target: m.target,
        }
      }
      const id = rest[0]
      if (rest[1] === 'latest') {
        const a = node.su.latest(id)
        if (!a) throw new UnknownProcessError(id, { action: 'GET /latest' })
        return { message: suMessage(a.message), assignment: node.su.assignmentJson(a) }
      }
      if (node.su.has(id))
        return node.su.page(id, {
          from: num('from'),
          to: num('to'),
          fromNonce: num('from-nonce'),
          toNonce: num('to-nonce'),
          limit: intParam(q, 'limit', { min: 1 }),
        })
      const pid = q.get('process-id')
      const a = pid ? node.su.get(pid, id) : undefined
      if (!a) throw new HttpError(404, `Message or process ${id} not found${pid ? ` on process ${pid}` : ''}`)
      return { message: suMessage(a.message), assignment: node.su.assignmentJson(a) }
    }
    case 'cu': {
      if (rest[0] === 'result' && rest[1])
        return cuJson(await node.result(requireParam(q, 'process-id'), rest[1]))
      if (rest[0] === 'results' && rest[1]) return resultsPage(node, rest[1], q)
      if (rest[0] === 'dry-run' && method === 'POST') {
        const body = (await readJson(req, 'dry-run')) as {
          Id?: string
          Owner?: string
          Anchor?: string
          Data?: string
          Tags?: Tag[]
        }
        const r = await node.dryrun(requireParam(q, 'process-id'), { ...body, Tags: body.Tags ?? [] })
        return {
          Output: r.Output,
          Messages: r.Messages,
          Spawns: r.Spawns,
          Assignments: r.Assignments,
          ...(r.Error !== undefined ? { Error: r.Error } : {}),
        }
      }
      if (rest.length === 0) return { name: 'afk devnet CU', timestamp: node.clock.now() }
      break
    }
    case 'gateway': {
      if (rest[0] === 'graphql' && method === 'POST')
        return node.gateway.graphql(await readJson(req, 'GraphQL'))
      if (rest[0] === 'info')
        return { network: 'afk.devnet', height: node.clock.blockHeight(node.clock.now()) }
      if (rest[0]) {
        const item = node.gateway.get(rest[0])
        if (!item) throw new HttpError(404, `Transaction ${rest[0]} not found`)
        return new Uint8Array(Buffer.from(item.data, 'utf8'))
      }
      break
    }
    case 'devnet': {
      const handler = rest[0] ? extras[rest[0]] : undefined
      if (handler)
        return handler(method === 'POST' ? await readJson(req, `/devnet/${rest[0]}`) : Object.fromEntries(q))
      break
    }
  }
  throw new HttpError(404, `No devnet route for ${method} ${url.pathname}`)
}

/** An integer query parameter (`undefined` when absent); anything else, or below `min`, is a 400 — never a silent NaN. */
function intParam(q: URLSearchParams, name: string, p: { min?: number } = {}): number | undefined {
  const v = q.get(name)
  if (v === null || v === '') return undefined
  const n = /^-?\d{1,16}$/.test(v) ? Number(v) : Number.NaN
  if (!Number.isSafeInteger(n) || (p.min !== undefined && n < p.min))
    throw new HttpError(
      400,
      `Query parameter ${name} must be an integer${p.min !== undefined ? ` ≥ ${p.min}` : ''}, got "${v}"`,
    )
  return n
}

function requireParam(q: URLSearchParams, name: string): string {
  const v = q.get(name)
  if (!v) throw new HttpError(400, `Missing query parameter ${name}`)
  return v
}

function cuJson(r: CuResult) {
  return {
    Output: r.Output,
    Messages: r.Messages,
    Spawns: r.Spawns,
    Assignments: r.Assignments,
    ...(r.Error !== undefined ? { Error: r.Error } : {}),
  }
}

/** `GET /results/{pid}`: cursors are base64url JSON `{ordinal}`; `from` exclusive, `to` inclusive. */
function resultsPage(node: DevnetNode, pid: string, q: URLSearchParams) {
  const ordinal = (name: string) => {
    const c = q.get(name)
    if (!c) return undefined
    let o: unknown
    try {
      o = (JSON.parse(Buffer.from(c, 'base64url').toString('utf8')) as { ordinal?: unknown }).ordinal
    } catch {
      o = undefined
    }
    if (typeof o !== 'number' || !Number.isSafeInteger(o))
      throw new HttpError(400, `Query parameter ${name} is not a results cursor`)
    return o
  }
  const from = ordinal('from')
  const to = ordinal('to')
  let list = node.cu
    .results(pid)
    .filter((r) => (from === undefined || r.ordinal > from) && (to === undefined || r.ordinal <= to))
  if (q.get('sort') === 'DESC') list = [...list].reverse()
  const limit = intParam(q, 'limit', { min: 1 }) ?? 25
  const page = list.slice(0, limit)
  return {
    pageInfo: { hasNextPage: list.length > page.length },
    edges: page.map((r) => ({
      cursor: Buffer.from(JSON.stringify({ ordinal: r.ordinal })).toString('base64url'),
      node: cuJson(r),
    })),
  }
}
