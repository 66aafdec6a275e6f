import dca from '../agents/dca.ts'
import { makeId } from '../src/ao/ids.ts'
import type { AoMessage, Tag } from '../src/ao/message.ts'
import { createEngine } from '../src/engine/createEngine.ts'
import { Stimulus } from '../test/utils/stimulus.ts'

export const DCA_IDS = {
  base: makeId('bench:b'),
  quote: makeId('bench:q'),
  pool: makeId('bench:p'),
  agent: makeId('bench:agent'),
  owner: makeId('bench:owner'),
}
export const DCA_PARAMS = {
  base: DCA_IDS.base,
  quote: DCA_IDS.quote,
  pool: DCA_IDS.pool,
  amount: '1000',
  slippageBps: 100,
}
export const DCA_START = 1e12

/**
 * The message sequence every engine and peer runs: a deposit, then `cycles` DCA cycles (tick → quote reply → fill),
 * as the agent's tokens and pool would send them. Built once on the TS engine (Status reads find the order ids);
 * the timed runs only replay it, so no engine is charged for Status reads it does not need.
 */
export async function dcaSequence(
  cycles: number,
): Promise<{ messages: AoMessage[]; lua: string; spawnTags: Tag[] }> {
  const { engine, lua, spawnTags } = await createEngine({
    kind: 'ts',
    strategy: dca,
    params: DCA_PARAMS,
    id: DCA_IDS.agent,
    owner: DCA_IDS.owner,
    timestamp: DCA_START,
    blockHeight: 1,
  })
  const st = new Stimulus(
    engine.id,
    DCA_IDS.owner,
    { base: DCA_IDS.base, quote: DCA_IDS.quote },
    DCA_IDS.pool,
    DCA_START,
  )
  const messages: AoMessage[] = []
  const send = async (m: AoMessage) => {
    messages.push(m)
    const r = await engine.handle(m)
    if (r.Error) throw new Error(`bench sequence: the agent refused a message: ${r.Error}`)
  }
  const order = async (kind: string) =>
    Object.values((await engine.snapshot()).orders as Record<string, Record<string, string>>).find(
      (o) => o.kind === kind,
    ) as Record<string, string>
  await send(st.deposit('quote', 10n ** 30n))
  for (let i = 0; i < cycles; i++) {
    await send(st.tick(3_600_000))
    await send(st.quoteReply(await order('quote'), 900n))
    await send(st.fill(await order('swap'), 950n))
  }
  return { messages, lua, spawnTags }
}
