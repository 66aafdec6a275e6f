import type { AoMessage } from '../../ao/message.ts'
import { HashChainError, type LogLocation, LogOrderError, LogParseError } from '../../errors/harness.ts'
import { graphqlNode } from './graphqlNode.ts'
import { nextHashChain } from './hashChain.ts'
import { jsonDocuments, type Line, readLines } from './lines.ts'
import {
  formatIssues,
  gqlEdgeSchema,
  LOG_FORMAT,
  LOG_VERSION,
  type LogHeader,
  logHeaderSchema,
  type SuNode,
  suNodeSchema,
  suPageSchema,
} from './schema.ts'
import { type AssignmentFacts, assignmentFacts, toAoMessage } from './toAoMessage.ts'

export type LogFormat = 'ndjson' | 'su-page' | 'graphql'

/** One scheduled message of the log, in file order. */
export interface LogRecord {
  location: LogLocation
  node: SuNode
  facts: AssignmentFacts
  /** The message as the CU hands it to the process. */
  message: AoMessage
  /** true for the process's own spawn item (nonce 0, message id = process id) */
  spawn: boolean
}

export interface OpenedLog {
  file: string
  format: LogFormat
  header: LogHeader
  /** Streams every record once, validating shape, nonce order and (when present) the hash chain. */
  records(): AsyncGenerator<LogRecord>
}

export interface OpenLogOptions {
  /** Check `Hash-Chain` links where both neighbours carry one (default true). */
  verifyHashChain?: boolean
}

type Doc = { value: unknown; loc: LogLocation }

/** Parses one JSON document, turning syntax errors (truncation included) into a located LogParseError. */
function parseDoc(file: string, text: string, start: Line, end: Line): Doc {
  const loc = { file, line: start.line, offset: start.offset }
  try {
    return { value: JSON.parse(text), loc }
  } catch (e) {
    const problem = !end.terminated
      ? 'truncated entry (the file ends in the middle of a JSON value; was the writer interrupted?)'
      : `not valid JSON (${(e as Error).message})`
    throw new LogParseError(loc, problem)
  }
}

async function* ndjsonDocs(file: string, lines: AsyncIterator<Line>): AsyncGenerator<Doc> {
  for (;;) {
    const r = await lines.next()
    if (r.done) return
    const l = r.value
    if (l.text.trim() === '') continue
    yield parseDoc(file, l.text, l, l)
  }
}

async function* multiLineDocs(file: string, lines: AsyncIterable<Line>): AsyncGenerator<Doc> {
  for await (const d of jsonDocuments(lines)) yield parseDoc(file, d.text, d.start, d.end)
}

function classify(v: unknown): LogFormat | 'node' | null {
  if (!v || typeof v !== 'object') return null
  const o = v as Record<string, unknown>
  if (o.format === LOG_FORMAT) return 'ndjson'
  if ('page_info' in o || 'edges' in o) return 'su-page'
  if ('data' in o && o.data && typeof o.data === 'object' && 'transactions' in (o.data as object))
    return 'graphql'
  if ('assignment' in o) return 'node'
  return null
}

/**
 * Opens a recorded AO message log: our NDJSON (`afk-su-log` header + one SU node per line), SU page JSON (one or
 * more `GET /<pid>` pages, one per line or pretty-printed) or Arweave GraphQL responses. Nothing is read into memory
 * beyond one line (or one page); every problem names the file and line.
 */
export async function openLog(file: string, options: OpenLogOptions = {}): Promise<OpenedLog> {
  const first = await firstDoc(file)
  const kind = classify(first.value)
  if (kind === null)
    throw new LogParseError(first.loc, 'unrecognised log format', {
      issues: [
        `expected an "${LOG_FORMAT}" header line, an SU page ({page_info, edges}) or a GraphQL response ({data:{transactions}})`,
      ],
    })
  let header: LogHeader
  if (kind === 'ndjson') {
    const h = logHeaderSchema.safeParse(first.value)
    if (!h.success)
      throw new LogParseError(first.loc, `bad ${LOG_FORMAT} header (version ${LOG_VERSION} expected)`, {
        issues: formatIssues(h.error),
      })
    header = h.data
  } else {
    header = {
      format: LOG_FORMAT,
      version: LOG_VERSION,
      processId: inferProcessId(first, kind),
      source: kind,
    }
  }
  const format: LogFormat = kind === 'node' ? 'ndjson' : kind
  const verify = options.verifyHashChain ?? true
  if (!header.process) {
    // No spawn item in the header: take it from the log itself when the first record is the process (nonce 0).
    const it = streamRecords(file, format, kind === 'ndjson', header.processId, verify)
    try {
      const r = await it.next()
      if (!r.done && r.value.spawn && r.value.node.message) {
        const m = r.value.node.message
        header = {
          ...header,
          process: {
            process_id: header.processId,
            owner: m.owner,
            tags: m.tags,
            data: m.data ?? '',
            timestamp: r.value.facts.timestamp,
            block: r.value.facts.blockHeight,
          },
        }
      }
    } finally {
      await it.return(undefined)
    }
  }
  return {
    file,
    format,
    header,
    records: () => streamRecords(file, format, kind === 'ndjson', header.processId, verify),
  }
}

async function firstDoc(file: string): Promise<Doc> {
  const it = readLines(file)[Symbol.asyncIterator]()
  try {
    const head = await it.next()
    if (head.done) throw new LogParseError({ file, line: 1 }, 'the log is empty')
    const l = head.value
    const t = l.text.trim()
    try {
      return { value: JSON.parse(t), loc: { file, line: l.line, offset: l.offset } }
    } catch {
      // A pretty-printed page or GraphQL response: group lines into the first whole document.
      const rest: AsyncIterable<Line> = {
        [Symbol.asyncIterator]: async function* () {
          yield l
          for (;;) {
            const r = await it.next()
            if (r.done) return
            yield r.value
          }
        },
      }
      for await (const d of multiLineDocs(file, rest)) return d
      throw new LogParseError({ file, line: 1 }, 'the log is empty')
    }
  } finally {
    await it.return?.(undefined)
  }
}

function inferProcessId(first: Doc, kind: LogFormat | 'node'): string {
  const v = first.value as any
  const node: unknown = kind === 'node' ? v : kind === 'su-page' ? v?.edges?.[0]?.node : undefined
  if (kind === 'graphql') {
    const r = v?.data?.transactions?.edges?.[0]?.node?.recipient
    if (typeof r === 'string' && r) return r
    throw new LogParseError(
      first.loc,
      'GraphQL log: the first edge has no recipient, so the process id is unknown',
    )
  }
  const tags = (node as any)?.assignment?.tags
  const p = Array.isArray(tags) ? tags.find((t: any) => t?.name === 'Process')?.value : undefined
  if (typeof p === 'string' && p) return p
  throw new LogParseError(first.loc, 'cannot tell which process this log is for', {
    issues: ['the first assignment has no Process tag; add an afk-su-log header line with "processId"'],
  })
}

async function* nodesOf(file: string, format: LogFormat, skipHeader: boolean, processId: string) {
  const lines = readLines(file)
  if (format === 'ndjson') {
    const it = lines[Symbol.asyncIterator]()
    let skipped = !skipHeader
    for await (const d of ndjsonDocs(file, it)) {
      if (!skipped) {
        skipped = true
        continue
      }
      yield { raw: d.value, loc: d.loc, edge: -1, nonce: undefined as number | undefined }
    }
    return
  }
  let gqlNonce = 0
  for await (const d of multiLineDocs(file, lines)) {
    if (format === 'su-page') {
      const p = suPageSchema.safeParse(d.value)
      if (!p.success) throw new LogParseError(d.loc, 'not a valid SU page', { issues: formatIssues(p.error) })
      for (let i = 0; i < p.data.edges.length; i++)
        yield { raw: p.data.edges[i].node, loc: d.loc, edge: i, nonce: undefined }
    } else {
      const edges = (d.value as any)?.data?.transactions?.edges
      if (!Array.isArray(edges))
        throw new LogParseError(
          d.loc,
          'not a GraphQL transactions response (data.transactions.edges missing)',
        )
      for (let i = 0; i < edges.length; i++) {
        const e = gqlEdgeSchema.safeParse(edges[i])
        if (!e.success)
          throw new LogParseError(d.loc, `GraphQL edge ${i} is invalid`, { issues: formatIssues(e.error) })
        let node: SuNode
        try {
          node = graphqlNode(e.data, ++gqlNonce, processId)
        } catch (err) {
          throw new LogParseError(d.loc, `GraphQL edge ${i}: ${(err as Error).message}`)
        }
        yield { raw: node, loc: d.loc, edge: i, nonce: gqlNonce }
      }
    }
  }
}

async function* streamRecords(
  file: string,
  format: LogFormat,
  hasHeader: boolean,
  processId: string,
  verify: boolean,
): AsyncGenerator<LogRecord> {
  let prev: { nonce: number; assignmentId: string; hashChain?: string; blockHeight: number } | null = null
  for await (const { raw, loc, edge } of nodesOf(file, format, hasHeader, processId)) {
    const where = edge >= 0 ? ` (edge ${edge})` : ''
    const parsed = suNodeSchema.safeParse(raw)
    if (!parsed.success)
      throw new LogParseError(loc, `not a valid SU node${where}`, { issues: formatIssues(parsed.error) })
    const node = parsed.data
    const facts = assignmentFacts(node)
    if (typeof facts === 'string') throw new LogParseError(loc, facts + where)
    if (facts.process !== undefined && facts.process !== processId)
      throw new LogParseError(
        loc,
        `assignment is for process ${facts.process}, but this log is for ${processId}${where}`,
      )
    if (prev && facts.nonce !== prev.nonce + 1)
      throw new LogOrderError(loc, { previous: prev.nonce, found: facts.nonce, process: processId })
    if (format === 'graphql' && prev && facts.blockHeight < prev.blockHeight)
      throw new LogParseError(loc, `GraphQL edges must be sorted by block height (HEIGHT_ASC)${where}`)
    if (verify && prev?.hashChain && facts.hashChain) {
      const expected = nextHashChain(prev.hashChain, prev.assignmentId)
      if (expected !== facts.hashChain)
        throw new HashChainError({
          where: `${loc.file}:${loc.line}${where}`,
          nonce: facts.nonce,
          expected,
          found: facts.hashChain,
        })
    }
    if (!node.message)
      throw new LogParseError(
        loc,
        `assignment ${node.assignment.id} refers to an existing transaction that is not in the log${where}`,
        {
          issues: [
            're-record with the message bodies hydrated (afk record fetches them), or remove the entry',
          ],
        },
      )
    const spawn = node.message.id === processId
    prev = {
      nonce: facts.nonce,
      assignmentId: node.assignment.id,
      hashChain: facts.hashChain,
      blockHeight: facts.blockHeight,
    }
    yield { location: loc, node, facts, message: toAoMessage(node, facts, processId), spawn }
  }
}
