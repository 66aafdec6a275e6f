import { stripAnsi } from '../ao/AosProcess.ts'
import type { HandleResult, OutboxMessage } from '../ao/message.ts'

export interface TraceMessage {
  target: string
  tags: Array<[string, string]>
  data: string
}

export interface TraceStep {
  messages: TraceMessage[]
  logs: string[]
  error: boolean
}

/**
 * The comparable part of one step: every outbound message (target, all tags in order, data) and the afk log lines.
 * `Agent-Error` texts are compared too (they are the agent's wire interface, see src/protocols/agentWire.ts), except for
 * `Code = INTERNAL`, whose text is the host language's own error message.
 */
export function normalizeStep(r: HandleResult): TraceStep {
  const messages = r.Messages.map((m: OutboxMessage) => {
    const isAgentError =
      m.Tags.some((t) => t.name === 'Action' && t.value === 'Agent-Error') &&
      m.Tags.some((t) => t.name === 'Code' && t.value === 'INTERNAL')
    return {
      target: m.Target,
      tags: m.Tags.filter((t) => !(isAgentError && t.name === 'Error')).map(
        (t) => [t.name, t.value] as [string, string],
      ),
      data: m.Data ?? '',
    }
  })
  const out = (r.Output as { data?: unknown } | undefined)?.data
  const logs =
    typeof out === 'string'
      ? stripAnsi(out)
          .split('\n')
          .filter((l) => l.startsWith('afk:log '))
      : []
  return { messages, logs, error: r.Error !== undefined }
}
