import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tagValue } from '../../src/ao/message.ts'
import { spawnProcess } from '../../src/devnet/spawnProcess.ts'
import { type Devnet, startDevnet } from '../../src/devnet/startDevnet.ts'
import { testWallets } from './testWallets.ts'

/** DevnetNode behaviour without HTTP: cron/message collisions, MU stamping, bookkeeping. */
describe('devnet node', () => {
  let net: Devnet
  beforeAll(async () => {
    net = await startDevnet({
      port: 0,
      wallets: await testWallets(),
      clock: { mode: 'manual', start: 1_800_000_000_000 },
      onWarning: () => {},
    })
  })
  afterAll(async () => net?.stop())

  it('runs a cron tick due at the same ms as a message before that message (like the harness World)', async () => {
    const node = net.node
    const pid = await spawnProcess(node, net.wallets.operator, {
      name: 'collide',
      lua: `Ticks = 0
Handlers.add('tick', function(m) return m.Cron == true end, function(m) Ticks = Ticks + 1 end)
Handlers.add('ping', 'Ping', function(m) m.reply({ Action = 'Pong', Ticks = tostring(Ticks) }) end)`,
      tags: [{ name: 'Cron-Interval', value: '1-minute' }],
    })
    const spawnTs = node.su.spawnOf(pid)!.timestamp
    expect(spawnTs % 1000).toBe(0) // so spawn + k·60 s is exactly a cron second
    const seen: string[] = []
    for (let i = 1; i <= 3; i++) {
      await node.advance(60_000)
      const { id, assignment } = node.send(net.wallets.alice.jwk, {
        target: pid,
        tags: [{ name: 'Action', value: 'Ping' }],
      })
      expect(assignment.timestamp).toBe(spawnTs + i * 60_000) // the collision under test
      const r = await node.result(pid, id)
      seen.push(tagValue(r.Messages[0].Tags, 'Ticks')!)
    }
    expect(seen).toEqual(['1', '2', '3'])
    const order = node.cu
      .results(pid)
      .map((r) => `${r.cron ? 'cron' : 'msg'}@${(r.timestamp - spawnTs) / 1000}`)
    expect(order).toEqual(['msg@0', 'cron@60', 'msg@60', 'cron@120', 'msg@120', 'cron@180', 'msg@180'])
  })

  it('keeps no waiter once a result was delivered', async () => {
    const node = net.node
    const pid = await spawnProcess(node, net.wallets.operator, {
      name: 'waiters',
      lua: `Handlers.add('ping', 'Ping', function(m) end)`,
    })
    const waiters = (node as unknown as { waiters: Map<string, unknown> }).waiters
    for (let i = 0; i < 5; i++) {
      const { id } = node.send(net.wallets.alice.jwk, {
        target: pid,
        tags: [{ name: 'Action', value: 'Ping' }],
      })
      await node.result(pid, id)
    }
    // nobody waits for these: no waiter is created at all
    for (let i = 0; i < 5; i++)
      node.send(net.wallets.alice.jwk, { target: pid, tags: [{ name: 'Action', value: 'Ping' }] })
    await node.idle()
    expect(waiters.size).toBe(0)
    // a message the devnet itself fails on: its result is still served afterwards, to waiting and late callers
    const cu = node.cu as unknown as { evaluate: unknown }
    const original = cu.evaluate
    cu.evaluate = async () => {
      throw new Error('boom')
    }
    try {
      const { id } = node.send(net.wallets.alice.jwk, {
        target: pid,
        tags: [{ name: 'Action', value: 'Ping' }],
      })
      const waiting = node.result(pid, id)
      expect((await waiting).Error).toMatch(/boom/)
      expect((await node.result(pid, id)).Error).toMatch(/boom/)
    } finally {
      cu.evaluate = original
    }
    expect(waiters.size).toBe(0)
  })

  it('MU stamping: a process cannot spoof From-Process/From-Module/Pushed-For, a wallet cannot seed Pushed-For', async () => {
    const node = net.node
    const b = await spawnProcess(node, net.wallets.operator, {
      name: 'receiver',
      lua: `Got = ''
Handlers.add('hi', 'Hi', function(m)
  Got = m.From .. '|' .. m.Tags['From-Process'] .. '|' .. m.Tags['Pushed-For'] .. '|' .. m.Tags['From-Module']
end)
Handlers.add('get', 'Get', function(m) m.reply({ Action = 'Got', Data = Got }) end)`,
    })
    const a = await spawnProcess(node, net.wallets.operator, {
      name: 'spoofer',
      lua: `Handlers.add('go', 'Go', function(m)
  ao.send({ Target = '${b}', Action = 'Hi', ['From-Process'] = 'evil', ['From-Module'] = 'evil', ['Pushed-For'] = 'evil' })
end)`,
    })
    const { id } = node.send(net.wallets.alice.jwk, {
      target: a,
      tags: [
        { name: 'Action', value: 'Go' },
        { name: 'Pushed-For', value: 'wallet-claim' },
      ],
    })
    await node.result(a, id)
    await node.idle()
    const hi = node.su
      .page(b, {})
      .edges.map((e) => e.node.message)
      .find((m) => tagValue(m.tags, 'Action') === 'Hi')!
    expect(hi.tags.filter((t) => ['From-Process', 'From-Module', 'Pushed-For'].includes(t.name))).toEqual([
      { name: 'From-Process', value: a },
      { name: 'From-Module', value: node.cu.moduleOf(a) },
      { name: 'Pushed-For', value: id },
    ])
    const r = await node.dryrun(b, {
      Owner: net.wallets.alice.address,
      Tags: [{ name: 'Action', value: 'Get' }],
    })
    expect(r.Messages[0].Data).toBe(`${a}|${a}|${id}|${node.cu.moduleOf(a)}`)
  })
  it('answers bad HTTP input with 400: faucet without amount, non-integer limit/nonce, bad results cursor', async () => {
    const pid = net.node.su.processIds()[0]
    const post = (path: string, body: unknown) =>
      fetch(`${net.urls.control}/${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      })
    for (const body of [
      { to: 'x', token: pid },
      { to: 'x', token: pid, amount: '1.5' },
      null,
      { token: pid },
    ]) {
      const r = await post('faucet', body)
      expect(r.status).toBe(400)
      expect((await r.json()).error).toMatch(body === null ? /must be a JSON object/ : /faucet needs/)
    }
    expect((await post('advance', { ms: 'soon' })).status).toBe(400)
    for (const q of ['limit=abc', 'limit=0', 'limit=2.5', 'from-nonce=x', 'to=1e3']) {
      const r = await fetch(`${net.urls.su}/${pid}?${q}`)
      expect(r.status, q).toBe(400)
      expect((await r.json()).error).toMatch(/must be an integer/)
    }
    expect((await fetch(`${net.urls.su}/${pid}?from-nonce=-1&limit=1`)).status).toBe(200)
    expect((await fetch(`${net.urls.cu}/results/${pid}?limit=abc`)).status).toBe(400)
    expect((await fetch(`${net.urls.cu}/results/${pid}?from=notacursor`)).status).toBe(400)
    const ok = await (await fetch(`${net.urls.cu}/results/${pid}?limit=1`)).json()
    expect(ok.edges).toHaveLength(1)
  })
})
