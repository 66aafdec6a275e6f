import type { AoMessage } from '../../ao/message.ts'
import { HashChainError, type LogLocation, LogOrderError, LogParseError } from '../../errors/harness.ts'
import { nextHashChain } from './hashChain.ts'
import { classify, type EndCheck, firstDoc, inferProcessId, type LogFormat, nodesOf } from './logDocuments.ts'
import { parseSuNode } from './parseSuNode.ts'
import { quickScan } from './quickScan.ts'
import type { RecordScan } from './scanLog.ts'
import {
  formatIssues,
  LOG_FORMAT,
  LOG_VERSION,
  type LogHeader,
  logHeaderSchema,
  type SuNode,
} from './schema.ts'
import { type AssignmentFacts, assignmentFacts, toAoMessage } from './toAoMessage.ts'

export type { LogFormat }

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
  /**
   * `scanRecords` forecast from a few lines (log/quickScan.ts), for a caller that reads every record anyway and
   * checks the forecast against what it read; null when it cannot tell (not an afk NDJSON log with end marker, …).
   */
  quickScan(o?: { maxEvents?: number }): Promise<RecordScan | null>
}

export interface OpenLogOptions {
  /** Check `Hash-Chain` links where both neighbours carry one (default true). */
  verifyHashChain?: boolean
  /** Accept an afk NDJSON log without its end marker (only to resume an interrupted `afk record`). */
  incomplete?: boolean
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
  // Our own NDJSON (with header) must end with its end marker; the SU's and GraphQL formats have none.
  const end: EndCheck | null =
    kind === 'ndjson' ? { records: header.records, incomplete: options.incomplete } : null
  if (!header.process) {
    // No spawn item in the header: take it from the log itself when the first record is the process (nonce 0).
    const it = streamRecords(file, format, kind === 'ndjson', header.processId, verify, end)
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
    records: () => streamRecords(file, format, kind === 'ndjson', header.processId, verify, end),
    quickScan: async (o = {}) =>
      end && !end.incomplete
        ? quickScan(file, header.processId, { maxEvents: o.maxEvents, headerRecords: end.records })
        : null,
  }
}

async function* streamRecords(
  file: string,
  format: LogFormat,
  hasHeader: boolean,
  processId: string,
  verify: boolean,
  end: EndCheck | null,
): AsyncGenerator<LogRecord> {
  let prev: { nonce: number; assignmentId: string; hashChain?: string; blockHeight: number } | null = null
  for await (const { raw, loc, edge } of nodesOf(file, format, hasHeader, processId, end)) {
    const where = edge >= 0 ? ` (edge ${edge})` : ''
    const parsed = parseSuNode(raw)
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
