import { HashChainError, LogOrderError, LogParseError } from '../../errors/harness.ts'
import { nextHashChain } from './hashChain.ts'
import { firstDoc, nodesOf } from './logDocuments.ts'
import { MARKET_LOG_FORMAT, marketLogHeaderSchema, poolHeader } from './marketLogHeader.ts'
import { type LogRecord, type OpenedLog, openLog } from './openLog.ts'
import { parseSuNode } from './parseSuNode.ts'
import type { RecordScan } from './scanLog.ts'
import { formatIssues, type LogHeader } from './schema.ts'
import { assignmentFacts, toAoMessage } from './toAoMessage.ts'

/** Several processes' logs read as one market: their headers and one merged record stream. */
export interface MarketLog {
  files: string[]
  /** one single-process header per process, in file order (a market log's processes in header order) */
  headers: LogHeader[]
  /** market-wide meta (`numeraire`, `assets`, …) when a market log gives it */
  meta: Record<string, string>
  /**
   * Every record of every process once, spawn items included, merged by (timestamp, nonce, position of the file on
   * the command line): deterministic for the same files in the same order.
   */
  records(): AsyncGenerator<LogRecord>
  /** `OpenedLog.quickScan` of a single afk NDJSON log; null for anything else (the caller scans in full). */
  quickScan(o?: { maxEvents?: number }): Promise<RecordScan | null>
}

interface Source {
  file: string
  headers: LogHeader[]
  meta: Record<string, string>
  records(): AsyncGenerator<LogRecord>
  quickScan?: OpenedLog['quickScan']
}

/**
 * Opens one or more logs as a market: each file is a single-process log (any format `openLog` reads) or an
 * `afk-market-log` holding several processes. A process may appear in one file only; each file must be in timestamp
 * order (an SU's log always is), which is checked while merging.
 */
export async function openMarketLog(files: string | string[]): Promise<MarketLog> {
  const list = typeof files === 'string' ? [files] : files
  if (list.length === 0) throw new LogParseError({ file: '(none)', line: 0 }, 'no log given')
  const sources: Source[] = []
  for (const f of list) sources.push(await openSource(f))
  const owner = new Map<string, string>()
  for (const s of sources)
    for (const h of s.headers) {
      const before = owner.get(h.processId)
      if (before !== undefined)
        throw new LogParseError({ file: s.file, line: 1 }, `process ${h.processId} is also in ${before}`, {
          issues: ['pass each process once (merge the logs of one process with afk record first)'],
        })
      owner.set(h.processId, s.file)
    }
  const meta: Record<string, string> = {}
  for (const s of sources) for (const [k, v] of Object.entries(s.meta)) meta[k] ??= v
  return {
    files: list,
    headers: sources.flatMap((s) => s.headers),
    meta,
    records: () => (sources.length === 1 ? checked(sources[0]) : merged(sources)),
    quickScan: async (o) => (sources.length === 1 ? ((await sources[0].quickScan?.(o)) ?? null) : null),
  }
}

async function openSource(file: string): Promise<Source> {
  const first = await firstDoc(file)
  const v = first.value as { format?: unknown }
  if (v && typeof v === 'object' && v.format === MARKET_LOG_FORMAT) {
    const h = marketLogHeaderSchema.safeParse(v)
    if (!h.success)
      throw new LogParseError(first.loc, `bad ${MARKET_LOG_FORMAT} header`, { issues: formatIssues(h.error) })
    const header = h.data
    const ids = header.processes.map((p) => p.process_id)
    if (new Set(ids).size !== ids.length)
      throw new LogParseError(first.loc, `${MARKET_LOG_FORMAT} header lists a process twice`)
    return {
      file,
      headers: ids.map((id) => poolHeader(header, id)),
      meta: header.meta ?? {},
      records: () => marketRecords(file, new Set(ids)),
    }
  }
  const log = await openLog(file)
  return { file, headers: [log.header], meta: {}, records: () => log.records(), quickScan: log.quickScan }
}

/** A market log's records: per-process nonce order and hash chains, as `openLog` checks them for one process. */
async function* marketRecords(file: string, processes: Set<string>): AsyncGenerator<LogRecord> {
  const prev = new Map<string, { nonce: number; assignmentId: string; hashChain?: string }>()
  // the header line is skipped and the end marker required, as for an afk-su-log
  for await (const { raw, loc } of nodesOf(file, 'ndjson', true, '', {})) {
    const d = { value: raw, loc }
    const parsed = parseSuNode(d.value)
    if (!parsed.success)
      throw new LogParseError(d.loc, 'not a valid SU node', { issues: formatIssues(parsed.error) })
    const node = parsed.data
    const facts = assignmentFacts(node)
    if (typeof facts === 'string') throw new LogParseError(d.loc, facts)
    const pid = facts.process
    if (pid === undefined || !processes.has(pid))
      throw new LogParseError(
        d.loc,
        pid === undefined
          ? 'assignment has no Process tag (a market log needs it on every line)'
          : `assignment is for process ${pid}, which the header does not list`,
      )
    const p = prev.get(pid)
    if (p && facts.nonce !== p.nonce + 1)
      throw new LogOrderError(d.loc, { previous: p.nonce, found: facts.nonce, process: pid })
    if (p?.hashChain && facts.hashChain) {
      const expected = nextHashChain(p.hashChain, p.assignmentId)
      if (expected !== facts.hashChain)
        throw new HashChainError({
          where: `${d.loc.file}:${d.loc.line}`,
          nonce: facts.nonce,
          expected,
          found: facts.hashChain,
        })
    }
    if (!node.message)
      throw new LogParseError(
        d.loc,
        `assignment ${node.assignment.id} refers to a transaction not in the log`,
      )
    prev.set(pid, { nonce: facts.nonce, assignmentId: node.assignment.id, hashChain: facts.hashChain })
    yield {
      location: d.loc,
      node,
      facts,
      message: toAoMessage(node, facts, pid),
      spawn: node.message.id === pid,
    }
  }
}

/** One source's records, refusing a timestamp that goes backwards (the merge relies on each file's order). */
async function* checked(s: Source): AsyncGenerator<LogRecord> {
  let last = Number.NEGATIVE_INFINITY
  for await (const r of s.records()) {
    if (r.message.Timestamp < last)
      throw new LogParseError(
        r.location,
        `Timestamp ${r.message.Timestamp} is before the previous message's ${last}; logs are merged by timestamp, so each must be in time order`,
      )
    last = r.message.Timestamp
    yield r
  }
}

/** k-way merge by (timestamp, nonce, source position); one record per source in memory. */
async function* merged(sources: Source[]): AsyncGenerator<LogRecord> {
  const its = sources.map((s) => checked(s))
  const heads: (LogRecord | undefined)[] = []
  try {
    for (const it of its) heads.push((await it.next()).value ?? undefined)
    for (;;) {
      let best = -1
      for (let i = 0; i < heads.length; i++) {
        const h = heads[i]
        if (!h) continue
        const b = best >= 0 ? heads[best] : undefined
        if (
          !b ||
          h.message.Timestamp < b.message.Timestamp ||
          (h.message.Timestamp === b.message.Timestamp && h.facts.nonce < b.facts.nonce)
        )
          best = i
      }
      if (best < 0) return
      yield heads[best] as LogRecord
      const r = await its[best].next()
      heads[best] = r.done ? undefined : r.value
    }
  } finally {
    for (const it of its) await it.return(undefined)
  }
}
