import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import type { AosProcess } from '../../src/ao/AosProcess.ts'
import { makeId } from '../../src/ao/ids.ts'
import type { AoMessage, AoProcessLike } from '../../src/ao/message.ts'
import { createReferenceModel } from '../../src/models/createReferenceModel.ts'
import type { ModelMessage } from '../../src/models/ModelProcess.ts'
import { SignalModel } from '../../src/models/SignalModel.ts'
import { spawnReferenceProcess } from '../../src/processes/referenceProcess.ts'
import { messageFactory, tagOf } from '../processes/fixtures.ts'
import { createLockstep } from './lockstep.ts'

/**
 * signal.lua on the real aos wasm vs SignalModel: every random request gets the same outbox (targets, tags, Data)
 * and the same error/no-error outcome, and the signal table and silent flag agree at the end. A planted drift in the
 * model (a clamp the Lua does not do) must make the same lockstep fail.
 */
const OPS = 400
const SEED = 20_261_129
const OWNER = makeId('sdiff-owner')
const USERS = [0, 1].map((i) => makeId(`sdiff-user-${i}`))
const REPLY_TO = makeId('sdiff-agent')
const S = makeId('sdiff-signal')
const ASSETS = [undefined, 'AR', 'wAR', makeId('sdiff-token'), 'ETH/USD', 'unknown-1']
const BAD_ASSETS = ['', 'a b', 'x"y', 'é', 'A'.repeat(65)]

type Op =
  | { kind: 'get'; user: number; asset: string | undefined; ref: string | undefined; replyTo: boolean }
  | { kind: 'set'; owner: boolean; asset: string | undefined; bps: string | undefined }
  | { kind: 'silent'; owner: boolean; value: string }

const asset = fc.oneof(
  { weight: 12, arbitrary: fc.constantFrom(...ASSETS) },
  { weight: 1, arbitrary: fc.constantFrom(...BAD_ASSETS) },
)
// Handler errors cost an aos rollback (a heap restore): malformed values stay a minority.
const bps = fc.oneof(
  { weight: 10, arbitrary: fc.integer({ min: -1_000_000, max: 1_000_000 }).map(String) },
  { weight: 3, arbitrary: fc.integer({ min: -20_000, max: 20_000 }).map(String) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      '0',
      '-0',
      '00042',
      '1000000',
      '-1000000',
      '1000001',
      '1.5',
      '',
      'abc',
      '+5',
      '1e3',
    ),
  },
  { weight: 1, arbitrary: fc.constant(undefined) },
)
const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 10,
    arbitrary: fc.record({
      kind: fc.constant('get' as const),
      user: fc.nat(USERS.length - 1),
      asset,
      ref: fc.option(fc.constantFrom('1', 'r-7', 'α'), { nil: undefined }),
      replyTo: fc.boolean(),
    }),
  },
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('set' as const),
      owner: fc.nat(9).map((n) => n > 0),
      asset,
      bps,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('silent' as const),
      owner: fc.nat(9).map((n) => n > 0),
      value: fc.constantFrom('true', 'false', 'false', 'false', 'yes'),
    }),
  },
)

function opMessage(op: Op, f: ReturnType<typeof messageFactory>): AoMessage {
  const tags: Record<string, string> = {}
  const put = (k: string, v: string | undefined) => {
    if (v !== undefined) tags[k] = v
  }
  switch (op.kind) {
    case 'get':
      put('Action', 'Get-Signal')
      put('Asset', op.asset)
      put('X-Reference', op.ref)
      if (op.replyTo) tags['Reply-To'] = REPLY_TO
      return f.wallet(USERS[op.user], S, tags)
    case 'set':
      put('Action', 'Set-Signal')
      put('Asset', op.asset)
      put('Signal-Bps', op.bps)
      return f.wallet(op.owner ? OWNER : USERS[0], S, tags)
    case 'silent':
      return f.wallet(op.owner ? OWNER : USERS[1], S, { Action: 'Set-Silent', Silent: op.value })
  }
}

const STATE_LUA = `local ks = {} for k in pairs(Signals) do table.insert(ks, k) end table.sort(ks)
local out = {} for _, k in ipairs(ks) do table.insert(out, k .. '=' .. Signals[k]) end
print(table.concat(out, ',') .. '|' .. tostring(Silent))`

function modelState(m: SignalModel): string {
  const st = (m as unknown as { state: { signals: Map<string, string>; silent: boolean } }).state
  const keys = [...st.signals.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
  return `${keys.map((k) => `${k}=${st.signals.get(k)}`).join(',')}|${st.silent}`
}

/** A model that clamps signals at ±10,000 bps, which the Lua does not: the lockstep must notice. */
class ClampingSignalModel extends SignalModel {
  protected override dispatch(msg: ModelMessage): boolean {
    const handled = super.dispatch(msg)
    const st = (this as unknown as { state: { signals: Map<string, string> } }).state
    for (const [k, v] of st.signals) st.signals.set(k, String(Math.max(-10_000, Math.min(10_000, Number(v)))))
    return handled
  }
}

describe(`SignalModel equals signal.lua on ${OPS} random requests`, () => {
  const ops = fc.sample(opArb, { seed: SEED, numRuns: OPS })
  async function run(model: AoProcessLike, label: string, n: number) {
    const counts = { replies: 0, errorReplies: 0, silentDrops: 0 }
    const f = messageFactory(`sdiff-${label}`)
    const lua = new Map<string, AosProcess>([
      [S, await spawnReferenceProcess('signal', { id: S, owner: OWNER, timestamp: f.now(), blockHeight: 1 })],
    ])
    const models = new Map<string, AoProcessLike>([[S, model]])
    const step = createLockstep({
      lua,
      models,
      f,
      onOutbox: (out) => {
        const a = tagOf(out, 'Action')
        if (a === 'Get-Signal-Response') counts.replies++
        if (a === 'Get-Signal-Error') counts.errorReplies++
      },
    })
    for (const op of ops.slice(0, n)) {
      const msg = opMessage(op, f)
      const before = counts.replies + counts.errorReplies
      await step.deliver(msg)
      if (op.kind === 'get' && counts.replies + counts.errorReplies === before) counts.silentDrops++
    }
    return { lua: lua.get(S)!, stats: step.stats, counts, f }
  }

  let model: SignalModel
  beforeAll(() => {
    model = createReferenceModel('signal', { id: S, owner: OWNER }) as SignalModel
  })

  it('same outbox for every message, same signals and silent flag at the end', {
    timeout: 60_000,
  }, async () => {
    const { lua, stats, counts, f } = await run(model, 'main', OPS)
    const out = (
      await lua.eval(STATE_LUA, { id: makeId('sdiff-state'), timestamp: f.now(), blockHeight: 1 })
    ).trim()
    expect(modelState(model)).toBe(out)
    // The run must have exercised every path, or it proves little.
    expect(counts.replies).toBeGreaterThan(OPS / 20)
    expect(counts.errorReplies).toBeGreaterThan(OPS / 40)
    expect(counts.silentDrops).toBeGreaterThan(0)
    expect(stats.errors).toBeGreaterThan(OPS / 40)
    // Some signal beyond ±10,000 bps survives, so the planted clamp below has something to change.
    expect(
      out
        .split('|')[0]
        .split(',')
        .some((kv) => Math.abs(Number(kv.split('=')[1])) > 10_000),
    ).toBe(true)
    console.log(`signal differential: ${OPS} ops`, stats, counts)
  })

  it('planted drift: a model clamping signals at ±10,000 bps fails the same lockstep', {
    timeout: 60_000,
  }, async () => {
    await expect(run(new ClampingSignalModel({ id: S, owner: OWNER }), 'drift', OPS)).rejects.toThrow(
      /outbox of/,
    )
  })
})
