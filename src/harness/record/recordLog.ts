import { existsSync, statSync, truncateSync } from 'node:fs'
import { tagValue } from '../../ao/message.ts'
import { HashChainError, LogOrderError, LogParseError } from '../../errors/harness.ts'
import { nextHashChain } from '../log/hashChain.ts'
import { LogWriter } from '../log/LogWriter.ts'
import { readLines } from '../log/lines.ts'
import { openLog } from '../log/openLog.ts'
import { formatIssues, LOG_END_FORMAT, type SuNode, suPageSchema, suProcessSchema } from '../log/schema.ts'
import { assignmentFacts } from '../log/toAoMessage.ts'
import { getJson } from './fetchPage.ts'

export interface RecordOptions {
  processId: string
  /** scheduler unit base URL, e.g. http://127.0.0.1:4000/su */
  su: string
  out: string
  /** start after this nonce (exclusive); -1 includes the spawn item */
  fromNonce?: number
  /** start after this timestamp (ms, exclusive) */
  from?: number
  /** stop at this timestamp (ms, inclusive) */
  to?: number
  pageSize?: number
  retries?: number
  backoffMs?: number
  fetch?: typeof fetch
  sleep?: (ms: number) => Promise<void>
  onProgress?: (p: { written: number; lastNonce: number }) => void
}

export interface RecordResult {
  written: number
  /** edges the SU returned again (overlapping pages, resumed ranges) and that were skipped */
  duplicates: number
  lastNonce: number | undefined
  /** nonce the recording continued after, when an existing file was resumed */
  resumedAfter?: number
  /** true when the SU ignored nonce paging and timestamp paging was used instead */
  timestampPaging: boolean
}

interface Tail {
  nonce: number
  assignmentId: string
  hashChain?: string
  timestamp: number
}

/**
 * `afk record`: copies a process's SU log into our NDJSON format. Pages by nonce (`from-nonce`, exclusive) and
 * falls back to timestamp paging with overlap when the SU does not support it; resumes after the last nonce of an
 * existing file (cutting off a half-written last line); retries with exponential backoff; drops duplicates; refuses
 * gaps and broken hash chains.
 */
export async function recordLog(o: RecordOptions): Promise<RecordResult> {
  const base = o.su.replace(/\/+$/, '')
  const http = {
    retries: o.retries ?? 5,
    backoffMs: o.backoffMs ?? 500,
    fetch: o.fetch ?? fetch,
    sleep: o.sleep,
  }
  const limit = o.pageSize ?? 100
  let tail: Tail | undefined
  let writer: LogWriter
  let resumedAfter: number | undefined
  if (existsSync(o.out) && statSync(o.out).size > 0) {
    const resumed = await resumeTail(o.out, o.processId)
    tail = resumed.tail
    resumedAfter = tail?.nonce
    writer = await LogWriter.open(o.out, null, { append: { records: resumed.records } })
  } else {
    const proc = await getJson(`${base}/processes/${o.processId}`, { ...http, allow404: true })
    const parsed = proc === undefined ? undefined : suProcessSchema.safeParse(proc)
    // Written in place, not under a temporary name, so an interrupted recording can be resumed; until the end
    // marker is written at the end, readers refuse the file as incomplete.
    writer = await LogWriter.open(
      o.out,
      { processId: o.processId, source: base, ...(parsed?.success ? { process: parsed.data } : {}) },
      { append: { records: 0 } },
    )
  }
  let written = 0
  let duplicates = 0
  let timestampPaging = false
  try {
    for (;;) {
      const q = new URLSearchParams()
      if (!timestampPaging && (tail || o.fromNonce !== undefined || o.from === undefined)) {
        q.set('from-nonce', String(tail ? tail.nonce : (o.fromNonce ?? -1)))
      } else {
        // Timestamp mode is exclusive on `from`: step back 1 ms so same-millisecond neighbours are not lost.
        const from = tail ? tail.timestamp - 1 : o.from
        if (from !== undefined) q.set('from', String(from))
      }
      if (o.to !== undefined) q.set('to', String(o.to))
      q.set('limit', String(limit))
      const url = `${base}/${o.processId}?${q}`
      const raw = await getJson(url, http)
      const page = suPageSchema.safeParse(raw)
      if (!page.success)
        throw new LogParseError({ file: url, line: 0 }, 'the SU returned something that is not a page', {
          issues: formatIssues(page.error),
        })
      let fresh = 0
      for (const { node } of page.data.edges) {
        // the same reading of Nonce/Timestamp as the replay (digit strings, exact integers), nothing else
        const facts = assignmentFacts(node)
        if (typeof facts === 'string')
          throw new LogParseError({ file: url, line: 0 }, `assignment ${node.assignment.id}: ${facts}`)
        const { nonce, timestamp: ts } = facts
        if (o.to !== undefined && ts > o.to) continue
        if (tail && nonce <= tail.nonce) {
          duplicates++
          continue
        }
        if (tail && nonce !== tail.nonce + 1)
          throw new LogOrderError(
            { file: url, line: 0 },
            { previous: tail.nonce, found: nonce, process: o.processId },
          )
        checkChain(node, tail, url, nonce)
        await writer.write(node)
        written++
        fresh++
        tail = {
          nonce,
          assignmentId: node.assignment.id,
          hashChain: tagValue(node.assignment.tags, 'Hash-Chain'),
          timestamp: ts,
        }
      }
      o.onProgress?.({ written, lastNonce: tail?.nonce ?? -1 })
      if (!page.data.page_info.has_next_page) break
      if (fresh === 0) {
        // A full page of nothing new: the SU ignored `from-nonce`. Retry in timestamp mode once, else stop.
        if (timestampPaging) break
        timestampPaging = true
      }
    }
  } catch (e) {
    // whole lines stay, without end marker: the log reads as incomplete and the next run resumes it
    await writer.abort()
    throw e
  }
  await writer.close()
  return { written, duplicates, lastNonce: tail?.nonce, resumedAfter, timestampPaging }
}

function checkChain(node: SuNode, tail: Tail | undefined, where: string, nonce: number): void {
  const hc = tagValue(node.assignment.tags, 'Hash-Chain')
  if (!tail?.hashChain || !hc) return
  const expected = nextHashChain(tail.hashChain, tail.assignmentId)
  if (expected !== hc) throw new HashChainError({ where, nonce, expected, found: hc })
}

/**
 * Reads an existing log to continue it: a final line without newline (interrupted write) and the end marker of a
 * complete log are cut off first (the marker is written again when the recording ends).
 */
async function resumeTail(
  file: string,
  processId: string,
): Promise<{ tail: Tail | undefined; records: number }> {
  let cut: number | undefined
  for await (const l of readLines(file))
    if (cut === undefined && (!l.terminated || l.text.includes(`"${LOG_END_FORMAT}"`))) cut = l.offset
  if (cut !== undefined) truncateSync(file, cut)
  const log = await openLog(file, { incomplete: true })
  if (log.header.processId !== processId)
    throw new LogParseError(
      { file, line: 1 },
      `this log is for process ${log.header.processId}, not ${processId}`,
    )
  let tail: Tail | undefined
  let records = 0
  for await (const r of log.records()) {
    records++
    tail = {
      nonce: r.facts.nonce,
      assignmentId: r.node.assignment.id,
      hashChain: r.facts.hashChain,
      timestamp: r.facts.timestamp,
    }
  }
  return { tail, records }
}
