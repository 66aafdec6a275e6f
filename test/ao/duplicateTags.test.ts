import { describe, expect, it } from 'vitest'
import { aosTagArray, aosTags } from '../../src/ao/aosMessage.ts'
import { makeId } from '../../src/ao/ids.ts'
import type { Tag } from '../../src/ao/message.ts'
import { viewMessage } from '../../src/engine/runtime/view.ts'
import type { BotegaPoolModel } from '../../src/models/BotegaPoolModel.ts'
import { createReferenceModel } from '../../src/models/createReferenceModel.ts'
import { toModelMessage } from '../../src/models/ModelProcess.ts'
import { TokenModel } from '../../src/models/TokenModel.ts'
import { spawnReferenceProcess } from '../../src/processes/referenceProcess.ts'
import { comparable } from '../models/lockstep.ts'
import { messageFactory } from '../processes/fixtures.ts'
import { probeProcess } from './probeProcess.ts'

const PID = makeId('dup-process')

/**
 * Which of two duplicate tags aos shows, measured on the production module: at the message root (`msg.Foo`) the
 * last one wins, in `msg.Tags` (aos's Tab) the first one does — also when the two names only normalize to the same
 * name. src/ao/aosMessage.ts owns both rules; the TS agent engine (view.ts), the process models (ModelProcess) and
 * the World's fast path (a model's `ignores`) all read messages through it.
 */
describe('duplicate tags on aos', () => {
  it('root: last wins; msg.Tags: first wins; afk views agree with the rule they model', async () => {
    const { process: p, message } = await probeProcess(
      PID,
      `Handlers.add('d', 'Dup', function(m)
         m.reply({ Data = table.concat({ m.Foo, m.Tags.Foo, m['X-Y'], m.Tags['X-Y'] }, '|') })
       end)`,
    )
    const m = message([
      { name: 'Action', value: 'Dup' },
      { name: 'Foo', value: 'first' },
      { name: 'Foo', value: 'second' },
      { name: 'X-Y', value: 'a' },
      { name: 'x_y', value: 'b' },
    ])
    const r = await p.handle(m)
    expect(r.Messages[0].Data).toBe('second|first|b|a')
    const root = viewMessage(m)
    expect([root.Foo, root['X-Y']]).toEqual(['second', 'b'])
    const model = toModelMessage(m)
    // a model reads `msg.Foo` as the Lua does (the root) and `msg.Tags.Foo` through `tags`
    expect([model.get('Foo'), model.get('X-Y')]).toEqual(['second', 'b'])
    expect([model.tags.get('Foo'), model.tags.get('X-Y')]).toEqual(['first', 'a'])
  })

  it('a token on aos, its TS model and the World fast path agree on messages with duplicate tags', async () => {
    const f = messageFactory('dup-token')
    const [owner, u, v, token] = ['owner', 'u', 'v', 'token'].map((n) => makeId(`dup:${n}`))
    const lua = await spawnReferenceProcess('token', {
      id: token,
      owner,
      timestamp: f.now(),
      blockHeight: 1,
      tags: { Name: 'T', Ticker: 'T' },
    })
    const model = new TokenModel({ id: token, owner, name: 'T', ticker: 'T' })
    const t = (...pairs: string[]): Tag[] =>
      pairs.flatMap((x, i) => (i % 2 ? [] : [{ name: x, value: pairs[i + 1] }]))
    const both = async (tags: Tag[]) => {
      const m = f.wallet(owner, token, tags)
      const [a, b] = [comparable(await lua.handle(m)), comparable(await model.handle(m))]
      expect(b, JSON.stringify(tags)).toEqual(a)
      return a
    }
    await both(t('Action', 'Mint', 'Quantity', '1000'))
    // the last Recipient and Quantity count; the first of two X- tags is forwarded (Tags.forwardX)
    const sent = await both(
      t(
        'Action',
        'Transfer',
        'Recipient',
        u,
        'recipient',
        v,
        'Quantity',
        '5',
        'Quantity',
        '7',
        'X-A',
        '1',
        'x_a',
        '2',
      ),
    )
    expect(sent.messages[1]).toMatchObject({
      Target: v,
      Tags: expect.arrayContaining(['Quantity=7', 'X-A=1']),
    })
    // planted drift: a view where the first duplicate wins (aos's msg.Tags) would have paid u 5, not v 7
    const first = aosTags(aosTagArray(f.wallet(owner, token, t('Recipient', u, 'Recipient', v))))
    expect(first.get('Recipient')).toBe(u)
    // the handler is chosen by the root Action (the last): a Transfer hidden before a Balance only reads a balance
    const read = await both(t('Action', 'Transfer', 'Action', 'Balance', 'Recipient', u, 'Quantity', '3'))
    expect(read.messages.map((x) => x.Tags.find((s) => s.startsWith('Action=')))).toEqual([
      'Action=Balance-Response',
    ])

    // the World's quiet fast path skips a message only when the model (and so aos) would ignore it: a Botega pool
    // ignores a Debit-Notice, unless a later Action tag names one of its handlers
    const pool = makeId('dup:pool')
    const poolTags = { 'Token-A': token, 'Token-B': makeId('dup:token-b'), Name: 'P' }
    const luaPool = await spawnReferenceProcess('botega_pool', {
      id: pool,
      owner,
      timestamp: f.now(),
      blockHeight: 1,
      tags: poolTags,
    })
    const poolModel = createReferenceModel('botega_pool', {
      id: pool,
      owner,
      tags: poolTags,
    }) as BotegaPoolModel
    for (const [tags, ignored] of [
      [t('Action', 'Balance', 'Action', 'Debit-Notice'), true],
      [t('Action', 'Debit-Notice', 'Action', 'Balance'), false],
    ] as const) {
      const m = f.wallet(owner, pool, tags)
      const onAos = comparable(await luaPool.handle(m))
      expect(comparable(await poolModel.handle(m))).toEqual(onAos)
      expect(onAos.messages.length === 0).toBe(ignored)
      expect(poolModel.ignores({ Target: pool, Data: '', Tags: tags }), JSON.stringify(tags)).toBe(ignored)
    }
  }, 120_000)
})
