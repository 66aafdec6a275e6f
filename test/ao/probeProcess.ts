import { AosProcess } from '../../src/ao/AosProcess.ts'
import { makeId } from '../../src/ao/ids.ts'
import type { AoMessage, Tag } from '../../src/ao/message.ts'

export const PROBE_OWNER = makeId('owner')

/**
 * A bare aos process on the production module with one handler (`handlerLua`, evaluated by its owner), and the
 * owner's message to it: what the tests of aos's own message reading probe with.
 */
export async function probeProcess(
  pid: string,
  handlerLua: string,
): Promise<{ process: AosProcess; message: (tags: Tag[], data?: string) => AoMessage }> {
  const { process } = await AosProcess.spawn({
    id: pid,
    owner: PROBE_OWNER,
    timestamp: 1_700_000_000_000,
    blockHeight: 1,
  })
  await process.eval(handlerLua, { id: makeId('eval'), timestamp: 1_700_000_000_500, blockHeight: 1 })
  const message = (tags: Tag[], data = ''): AoMessage => ({
    Id: makeId('m1'),
    Owner: PROBE_OWNER,
    From: PROBE_OWNER,
    Target: pid,
    Data: data,
    Tags: tags,
    Timestamp: 1_700_000_001_000,
    'Block-Height': 2,
    Cron: false,
  })
  return { process, message }
}
