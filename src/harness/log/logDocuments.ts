import { type LogLocation, LogParseError } from '../../errors/harness.ts'
import { graphqlNode } from './graphqlNode.ts'
import { jsonDocuments, type Line, readLines } from './lines.ts'
import {
  formatIssues,
  gqlEdgeSchema,
  LOG_END_FORMAT,
  LOG_FORMAT,
  logEndSchema,
  type SuNode,
  suPageSchema,
} from './schema.ts'

/** Which of the three formats a log is in (a headerless NDJSON of nodes is `node`). */
export type LogFormat = 'ndjson' | 'su-page' | 'graphql'

/**
 * Reading the raw documents of a log: format detection from the first JSON document, then a stream of raw SU nodes
 * (NDJSON lines, page edges or GraphQL edges turned into nodes) with the location of each.
 */
export type Doc = { value: unknown; loc: LogLocation }

/** Parses one JSON document, turning syntax errors (truncation included) into a located LogParseError. */
export function parseDoc(file: string, text: string, start: Line, end: Line): Doc {
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

export async function* multiLineDocs(file: string, lines: AsyncIterable<Line>): AsyncGenerator<Doc> {
  for await (const d of jsonDocuments(lines)) yield parseDoc(file, d.text, d.start, d.end)
}

export function classify(v: unknown): LogFormat | 'node' | null {
  if (!v || typeof v !== 'object') return null
  const o = v as Record<string, unknown>
  if (o.format === LOG_FORMAT) return 'ndjson'
  if ('page_info' in o || 'edges' in o) return 'su-page'
  if ('data' in o && o.data && typeof o.data === 'object' && 'transactions' in (o.data as object))
    return 'graphql'
  if ('assignment' in o) return 'node'
  return null
}

export async function firstDoc(file: string): Promise<Doc> {
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

export function inferProcessId(first: Doc, kind: LogFormat | 'node'): string {
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

/** What an afk NDJSON log (with header) must end with; `null` for formats without an end marker. */
export interface EndCheck {
  /** record count promised by the header */
  records?: number
  /** accept a log without end marker (resuming an interrupted `afk record`) */
  incomplete?: boolean
}

export async function* nodesOf(
  file: string,
  format: LogFormat,
  skipHeader: boolean,
  processId: string,
  end: EndCheck | null = null,
) {
  const lines = readLines(file)
  if (format === 'ndjson') {
    let skipped = !skipHeader
    let count = 0
    let marker: Doc | undefined
    let last: LogLocation = { file, line: 1 }
    // lines are read here directly (a for-await closes the file however the consumer stops)
    for await (const l of lines) {
      if (l.text.trim() === '') continue
      const d = parseDoc(file, l.text, l, l)
      last = d.loc
      if (!skipped) {
        skipped = true
        continue
      }
      if (marker)
        throw new LogParseError(d.loc, `data after the end marker (line ${marker.loc.line})`, {
          issues: ['two logs concatenated? A log ends at its afk-su-log-end line.'],
        })
      if (end && (d.value as { format?: unknown } | null)?.format === LOG_END_FORMAT) {
        marker = d
        continue
      }
      count++
      yield { raw: d.value, loc: d.loc, edge: -1, nonce: undefined as number | undefined }
    }
    if (end) checkEnd(end, marker, count, last)
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

/** An afk log is complete only with its end marker, whose count (and the header's, if given) matches the records. */
function checkEnd(end: EndCheck, marker: Doc | undefined, count: number, last: LogLocation): void {
  if (!marker) {
    if (end.incomplete) return
    throw new LogParseError(
      last,
      `the log has no end marker after ${count} records: it was not completely written`,
      {
        issues: [
          'an interrupted `afk synth` or `afk record`? Run `afk record` again to resume a recording, or re-run `afk synth`',
          `a complete afk log ends with {"format":"${LOG_END_FORMAT}","records":<n>}`,
        ],
      },
    )
  }
  const m = logEndSchema.safeParse(marker.value)
  if (!m.success) throw new LogParseError(marker.loc, 'bad end marker', { issues: formatIssues(m.error) })
  if (m.data.records !== count)
    throw new LogParseError(
      marker.loc,
      `the end marker counts ${m.data.records} records but the log has ${count}: lines were lost or added`,
    )
  if (end.records !== undefined && end.records !== count)
    throw new LogParseError(
      marker.loc,
      `the header promises ${end.records} records but the log has ${count}: lines were lost or added`,
    )
}
