import { connect, createSigner } from '@permaweb/aoconnect'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { stripAnsi } from '../../src/ao/AosProcess.ts'
import { AOS_MODULE_ID, LEGACY_SCHEDULER } from '../../src/ao/constants.ts'
import { type Devnet, startDevnet } from '../../src/devnet/startDevnet.ts'
import { testWallets } from './testWallets.ts'

const COUNTER = `
Count = Count or 0
Handlers.add('inc', 'Inc', function(m) Count = Count + 1; m.reply({ Action = 'Inc-Response', Count = tostring(Count) }) end)
Handlers.add('get', 'Get', function(m) m.reply({ Action = 'Get-Response', Count = tostring(Count), From = m.From }) end)
Handlers.add('ping', 'Ping', function(m) ao.send({ Target = m.Peer, Action = 'Inc' }) end)
Handlers.add('tick', function(m) return m.Cron == true end, function(m) Ticks = (Ticks or 0) + 1; ao.send({ Target = ao.env.Process.Owner, Action = 'Ticked', Ticks = tostring(Ticks) }) end)
Handlers.add('ticks', 'Ticks', function(m) m.reply({ Action = 'Ticks-Response', Ticks = tostring(Ticks or 0) }) end)
`

describe('devnet over HTTP with aoconnect (legacy mode)', () => {
  let net: Devnet
  let ao: ReturnType<typeof connect>
  let signer: ReturnType<typeof createSigner>
  const tag = (tags: { name: string; value: string }[], n: string) => tags.find((t) => t.name === n)?.value

  beforeAll(async () => {
    net = await startDevnet({
      port: 0,
      wallets: await testWallets(),
      clock: { mode: 'manual', start: 1_800_000_000_000 },
      onWarning: () => {},
    })
    ao = connect({
      MODE: 'legacy',
      MU_URL: net.urls.mu,
      CU_URL: net.urls.cu,
      GATEWAY_URL: net.urls.gateway,
      noLog: true,
    } as any) as any
    signer = createSigner(net.wallets.alice.jwk)
  })
  afterAll(async () => net?.stop())

  const spawn = (extra: { name: string; value: string }[] = []) =>
    (ao as any).spawn({
      module: AOS_MODULE_ID,
      scheduler: LEGACY_SCHEDULER,
      signer,
      tags: [{ name: 'Authority', value: net.authority }, { name: 'On-Boot', value: 'Data' }, ...extra],
      data: COUNTER,
    }) as Promise<string>

  it('spawns, messages, reads results and dry-runs; process→process messages are delivered by the scheduler', async () => {
    const a = await spawn()
    const b = await spawn()
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/)
    const mid = await (ao as any).message({ process: a, signer, tags: [{ name: 'Action', value: 'Inc' }] })
    const res = await (ao as any).result({ process: a, message: mid })
    expect(res.Error).toBeUndefined()
    expect(tag(res.Messages[0].Tags, 'Count')).toBe('1')
    // a → b: delivered asynchronously with From-Process, signed by the MU (trusted because MU is the Authority)
    const ping = await (ao as any).message({
      process: a,
      signer,
      tags: [
        { name: 'Action', value: 'Ping' },
        { name: 'Peer', value: b },
      ],
    })
    await (ao as any).result({ process: a, message: ping })
    await net.node.idle()
    const dry = await (ao as any).dryrun({ process: b, tags: [{ name: 'Action', value: 'Get' }] })
    expect(tag(dry.Messages[0].Tags, 'Count')).toBe('1')
    // the dry-run changed nothing
    const dry2 = await (ao as any).dryrun({ process: b, tags: [{ name: 'Action', value: 'Inc' }] })
    expect(tag(dry2.Messages[0].Tags, 'Count')).toBe('2')
    const dry3 = await (ao as any).dryrun({ process: b, tags: [{ name: 'Action', value: 'Get' }] })
    expect(tag(dry3.Messages[0].Tags, 'Count')).toBe('1')
    const results = await (ao as any).results({ process: a, sort: 'ASC', limit: 10 })
    expect(results.edges.length).toBe(4) // spawn, Inc, Ping, and b's Inc-Response reply to a
  })

  it('serves SU pages with nonces, hash chain and timestamps; /timestamp and /processes', async () => {
    const a = await spawn()
    for (let i = 0; i < 3; i++)
      await (ao as any).message({ process: a, signer, tags: [{ name: 'Action', value: 'Inc' }] })
    const page = await (await fetch(`${net.urls.su}/${a}?limit=2`)).json()
    expect(page.page_info.has_next_page).toBe(true)
    expect(page.edges.length).toBe(2)
    const at = (e: any, n: string) => tag(e.node.assignment.tags, n)
    expect(at(page.edges[0], 'Nonce')).toBe('0')
    expect(page.edges[0].node.message.id).toBe(a)
    expect(at(page.edges[1], 'Nonce')).toBe('1')
    expect(at(page.edges[1], 'Block-Height')).toMatch(/^\d{12}$/)
    expect(page.edges[1].cursor).toBe(at(page.edges[1], 'Timestamp'))
    const next = await (await fetch(`${net.urls.su}/${a}?from=${page.edges[1].cursor}`)).json()
    expect(next.edges.map((e: any) => at(e, 'Nonce'))).toEqual(['2', '3'])
    const byNonce = await (await fetch(`${net.urls.su}/${a}?from-nonce=1&to-nonce=2`)).json()
    expect(byNonce.edges.map((e: any) => e.cursor)).toEqual(['2'])
    const ts = await (await fetch(`${net.urls.su}/timestamp`)).json()
    expect(Number(ts.timestamp)).toBeGreaterThan(1_800_000_000_000)
    const proc = await (await fetch(`${net.urls.su}/processes/${a}`)).json()
    expect(proc.process_id).toBe(a)
    expect(tag(proc.tags, 'Module')).toBe(AOS_MODULE_ID)
  })

  it('generates cron messages the CU way and delivers their outbox only while monitored', async () => {
    const a = await spawn([
      { name: 'Cron-Interval', value: '10-seconds' },
      { name: 'Cron-Tag-Action', value: 'Cron' },
    ])
    await (ao as any).monitor({ process: a, signer })
    await net.advance(35_000)
    const dry = await (ao as any).dryrun({ process: a, tags: [{ name: 'Action', value: 'Ticks' }] })
    expect(tag(dry.Messages[0].Tags, 'Ticks')).toBe('3')
    const q = await fetch(`${net.urls.gateway}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query:
          'query($tags: [TagFilter!]) { transactions(tags: $tags) { edges { node { id tags { name value } } } } }',
        variables: {
          tags: [
            { name: 'From-Process', values: [a] },
            { name: 'Action', values: ['Ticked'] },
          ],
          first: 100,
        },
      }),
    })
    const edges = (await q.json()).data.transactions.edges
    expect(edges.length).toBe(3)
  })

  it('trusts process messages only when the devnet MU is an Authority (as on AO)', async () => {
    const trusting = await spawn()
    const untrusting = (await (ao as any).spawn({
      module: AOS_MODULE_ID,
      scheduler: LEGACY_SCHEDULER,
      signer,
      tags: [{ name: 'On-Boot', value: 'Data' }],
      data: COUNTER,
    })) as string
    const a = await spawn()
    for (const peer of [trusting, untrusting]) {
      const id = await (ao as any).message({
        process: a,
        signer,
        tags: [
          { name: 'Action', value: 'Ping' },
          { name: 'Peer', value: peer },
        ],
      })
      await (ao as any).result({ process: a, message: id })
    }
    await net.node.idle()
    const count = async (p: string) =>
      tag(
        (await (ao as any).dryrun({ process: p, tags: [{ name: 'Action', value: 'Get' }] })).Messages[0].Tags,
        'Count',
      )
    expect(await count(trusting)).toBe('1')
    expect(await count(untrusting)).toBe('0') // aos dropped the MU-signed message: "Message is not trusted"
  })

  it('spawns processes a process asks for and notifies the parent with Action=Spawned', async () => {
    const parent = await spawn()
    const lua = `Handlers.add('mk', 'Make', function(m) Spawn(ao._module, { Data = [[${COUNTER}]], Tags = { Authority = '${net.authority}', ['On-Boot'] = 'Data' } }) end)
      Handlers.add('spawned', 'Spawned', function(m) Child = m.Process end)`
    await (ao as any).message({
      process: parent,
      signer,
      tags: [{ name: 'Action', value: 'Eval' }],
      data: lua,
    })
    const mk = await (ao as any).message({
      process: parent,
      signer,
      tags: [{ name: 'Action', value: 'Make' }],
    })
    const r = await (ao as any).result({ process: parent, message: mk })
    expect(r.Spawns.length).toBe(1)
    await net.node.idle()
    const out = await (ao as any).dryrun({
      process: parent,
      tags: [{ name: 'Action', value: 'Eval' }],
      data: 'Child',
      Owner: net.wallets.alice.address,
    })
    const childId = stripAnsi(String(out.Output.data)).trim()
    expect(childId).toMatch(/^[A-Za-z0-9_-]{43}$/)
    const proc = await (await fetch(`${net.urls.su}/processes/${childId}`)).json()
    expect(tag(proc.tags, 'From-Process')).toBe(parent)
    const inc = await (ao as any).message({
      process: childId,
      signer,
      tags: [{ name: 'Action', value: 'Inc' }],
    })
    expect(
      tag((await (ao as any).result({ process: childId, message: inc })).Messages[0].Tags, 'Count'),
    ).toBe('1')
  })

  it('rejects a data item with a broken signature and an unknown module, with typed errors', async () => {
    const res = await fetch(net.urls.mu, { method: 'POST', body: new Uint8Array(2000) })
    expect(res.status).toBe(400)
    expect((await res.json()).error).toMatch(/signature type 0/)
    await expect(
      (ao as any).spawn({ module: 'x'.repeat(43), scheduler: LEGACY_SCHEDULER, signer }),
    ).rejects.toThrow()
  })
})
