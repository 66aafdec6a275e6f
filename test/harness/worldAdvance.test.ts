import { describe, expect, it } from 'vitest'
import { makeId } from '../../src/ao/ids.ts'
import { type AoMessage, type AoProcessLike, emptyResult, type HandleResult } from '../../src/ao/message.ts'
import { World } from '../../src/harness/world/World.ts'

// `World.advance`: the same steps as `step`, without a promise where none is needed (a synchronous source, a
// delivery outside the world, a quiet count); an evaluation still answers with a promise.
const T0 = 1_700_000_000_000
const OUT = makeId('outside')
const OWNER = makeId('owner')

class Echo implements AoProcessLike {
  seen: string[] = []
  constructor(readonly id: string) {}
  async handle(m: AoMessage): Promise<HandleResult> {
    this.seen.push(`${m.Timestamp}:${m.Nonce}`)
    // two sends to a wallet outside the world per message: quiet counts on the fast path
    const out = { Target: OUT, Tags: [{ name: 'Action', value: 'Notice' }], Data: '' }
    return { ...emptyResult(), Messages: [out, out] }
  }
}

const msg = (target: string, i: number): AoMessage => ({
  Id: makeId(`m${i}`),
  Owner: OWNER,
  From: OWNER,
  Target: target,
  Data: '',
  Tags: [{ name: 'Action', value: 'Ping' }],
  Timestamp: T0 + 700 * i,
  'Block-Height': 1,
  Cron: false,
})

/** a world with one process and a synchronous source of `n` messages, every third one outside the world */
function build(n: number, quiet: boolean) {
  const world = new World({ quiet, latency: 1000 })
  const echo = new Echo(makeId('echo'))
  world.add(echo, { owner: OWNER, spawnTimestamp: T0 - 1, spawnHeight: 1 })
  const messages = Array.from({ length: n }, (_, i) => msg(i % 3 === 2 ? OUT : echo.id, i))
  return { world, echo, source: messages[Symbol.iterator]() }
}

async function trace(n: number, drive: 'step' | 'advance', quiet = true) {
  const { world, echo, source } = build(n, quiet)
  await world.addSource(source)
  const kinds: string[] = []
  for (;;) {
    if (drive === 'step') {
      if (!(await world.step())) break
      continue
    }
    const r = world.advance()
    kinds.push(r === true || r === false ? 'sync' : 'promise')
    if (!(r === true || r === false ? r : await r)) break
  }
  return {
    seen: echo.seen,
    steps: world.steps,
    external: world.externalCount,
    now: world.now,
    stats: world.stats(echo.id),
    kinds,
  }
}

describe('World.advance', () => {
  it('takes the same steps as step() without quiet deliveries, answering synchronously where nothing is evaluated', async () => {
    const a = await trace(30, 'advance')
    // the reference: every notice made and delivered through the queue
    const s = await trace(30, 'step', false)
    expect({ ...a, kinds: [] }).toEqual({ ...s, kinds: [] })
    // 20 evaluations (each with a promise), 10 messages and 40 notices outside the world counted synchronously
    expect(a.steps).toBe(70)
    expect(a.external).toBe(50)
    expect(a.kinds.filter((k) => k === 'promise').length).toBe(20)
    expect(a.kinds.filter((k) => k === 'sync').length).toBe(51)
  })

  it('planted drift: one more message in the source is told apart', async () => {
    const a = await trace(31, 'advance')
    const s = await trace(30, 'step', false)
    expect({ ...a, kinds: [] }).not.toEqual({ ...s, kinds: [] })
  })
})
