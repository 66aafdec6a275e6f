import type { Rt } from './types.ts'

/** Asks a configured token for the agent's balance (twin of R.request_balance); the reply resyncs the books. */
export function requestBalance(rt: Rt, tokenParam: string): void {
  rt.send(String(rt.S.params[tokenParam]), [
    { name: 'Action', value: 'Balance' },
    { name: 'Recipient', value: rt.selfId },
  ])
}
