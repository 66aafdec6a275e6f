import { rootTag } from '../ao/aosMessage.ts'
import type { AoResult } from '../clients/transports/createTransport.ts'
import { AgentAnswerError } from '../errors/deploy.ts'
import type { Connection } from './connection.ts'

/** One entry of an agent's recent activity, read from its CU results (swaps sent, fills logged, refusals, …). */
export interface LogEntry {
  /** position in the agent's result history (oldest first within the page) */
  cursor: string
  kind: 'log' | 'error' | 'notice' | 'swap' | 'transfer' | 'failed'
  /** log: the strategy's event name (e.g. `filled`); error: the code; notice: the topic; transfer: the order id */
  event: string
  fields: Record<string, string>
}

const LOG_LINE = /afk:log (\{.*\})/g

function outputText(out: unknown): string {
  if (typeof out === 'string') return out
  if (out && typeof out === 'object' && typeof (out as { data?: unknown }).data === 'string')
    return (out as { data: string }).data
  return ''
}

/** Turns one result into log entries: structured `afk:log` lines, Agent-Errors, notices and transfers it sent. */
export function entriesOf(cursor: string, r: AoResult): LogEntry[] {
  const out: LogEntry[] = []
  if (r.Error !== undefined) {
    out.push({
      cursor,
      kind: 'failed',
      event: 'process-error',
      fields: { error: String(r.Error).slice(0, 200) },
    })
    return out
  }
  // biome-ignore lint/suspicious/noControlCharactersInRegex: aos colours its output
  const text = outputText(r.Output).replace(/\u001b\[[0-9;]*m/g, '')
  for (const m of text.matchAll(LOG_LINE)) {
    try {
      const j = JSON.parse(m[1]) as { event?: string; fields?: Record<string, unknown> }
      out.push({
        cursor,
        kind: 'log',
        event: String(j.event ?? ''),
        fields: Object.fromEntries(Object.entries(j.fields ?? {}).map(([k, v]) => [k, String(v)])),
      })
    } catch {
      // a line that only looks like a log line: not ours to interpret
    }
  }
  for (const m of r.Messages) {
    const action = rootTag(m, 'Action')
    if (action === 'Agent-Error')
      out.push({
        cursor,
        kind: 'error',
        event: rootTag(m, 'Code') ?? 'ERROR',
        fields: { to: m.Target, error: rootTag(m, 'Error') ?? '' },
      })
    else if (action === 'Afk-Notice')
      out.push({
        cursor,
        kind: 'notice',
        event: rootTag(m, 'Topic') ?? '',
        fields: { to: m.Target, message: m.Data },
      })
    else if (action === 'Transfer' && rootTag(m, 'X-Action') === 'Swap')
      out.push({
        cursor,
        kind: 'swap',
        event: rootTag(m, 'X-Afk-Order') ?? '',
        fields: {
          pool: rootTag(m, 'Recipient') ?? '',
          tokenIn: m.Target,
          amountIn: rootTag(m, 'Quantity') ?? '',
          minOut: rootTag(m, 'X-Expected-Min-Output') ?? '',
        },
      })
    else if (action === 'Transfer')
      out.push({
        cursor,
        kind: 'transfer',
        event: rootTag(m, 'X-Afk-Order') ?? '',
        fields: {
          token: m.Target,
          recipient: rootTag(m, 'Recipient') ?? '',
          quantity: rootTag(m, 'Quantity') ?? '',
        },
      })
  }
  return out
}

/** The agent's recent activity (oldest first), from its last `limit` results on the CU. */
export async function readLogs(conn: Connection, pid: string, limit = 100): Promise<LogEntry[]> {
  let page: Awaited<ReturnType<Connection['ao']['results']>>
  try {
    page = await conn.ao.results({ process: pid, sort: 'DESC', limit })
  } catch (e) {
    throw new AgentAnswerError(
      `Cannot read the results of ${pid} from ${conn.network.cu}: ${(e as Error).message}`,
      {
        cause: e,
      },
    )
  }
  return [...page.edges].reverse().flatMap((e) => entriesOf(e.cursor, e.node))
}
