import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import dca from '../../agents/dca.ts'
import { hostClock } from '../../src/ao/hostClock.ts'
import { dashboardAgents } from '../../src/cli/commands/ui.ts'
import { addressSigner, createClient } from '../../src/clients/createClient.ts'
import { getBalance } from '../../src/clients/token/getBalance.ts'
import { devnet as devnetTransport } from '../../src/clients/transports/devnet.ts'
import { connectNetwork } from '../../src/deploy/connection.ts'
import { serveDashboard } from '../../src/deploy/dashboard.ts'
import { deployAgent } from '../../src/deploy/deployAgent.ts'
import { Keeper } from '../../src/deploy/keeper.ts'
import { readManifest } from '../../src/deploy/manifest.ts'
import { resolveNetwork } from '../../src/deploy/network.ts'
import { StatusReportSchema } from '../../src/deploy/statusSchema.ts'
import { readWallet } from '../../src/deploy/wallet.ts'
import { type Devnet, SEED, startDevnet } from '../../src/devnet/index.ts'
import { botegaSwap } from '../../src/models/botegaSwap.ts'
import { testWallets } from '../devnet/testWallets.ts'
import { launchChromium } from '../utils/chromium.ts'
import { runCli } from './runCli.ts'

const HOUR = 3_600_000
const UNIT = 10n ** 12n

describe('afk deploy and operations, end to end on the devnet over real aoconnect', () => {
  let net: Devnet
  let dir: string
  let ctx: string[]
  let manifest: string
  let paramsFile: string
  let bobFile: string
  const cli = (...a: string[]) => runCli([...a, ...ctx])

  beforeAll(async () => {
    const wallets = await testWallets()
    net = await startDevnet({
      port: 0,
      seed: true,
      wallets,
      clock: { mode: 'manual', start: 1_800_000_000_000 },
      onWarning: () => {},
    })
    dir = mkdtempSync(join(tmpdir(), 'afk-deploy-'))
    const walletFile = join(dir, 'devnet-wallets.json')
    writeFileSync(walletFile, JSON.stringify(net.wallets), { mode: 0o600 })
    // what `afk devnet start` writes
    const state = join(dir, 'devnet.json')
    writeFileSync(
      state,
      JSON.stringify({ urls: net.urls, authority: net.authority, walletFile, processes: net.processes }),
    )
    manifest = join(dir, 'afk.deployments.json')
    ctx = ['--state', state, '--manifest', manifest]
    paramsFile = join(dir, 'dca.params.json')
    writeFileSync(
      paramsFile,
      JSON.stringify({
        base: net.processes.tokens?.a,
        quote: net.processes.tokens?.b,
        pool: net.processes.pool,
        amount: String(UNIT),
        slippageBps: 100,
      }),
    )
    bobFile = join(dir, 'bob.json')
    writeFileSync(bobFile, JSON.stringify(net.wallets.bob.jwk), { mode: 0o600 })
  }, 120_000)
  afterAll(async () => net?.stop())

  const tokenBalance = (token: string, who: string) =>
    getBalance(createClient({ transport: devnetTransport(net), signer: addressSigner(who) }), { token })

  it('deploys (resuming after a kill right after spawn), funds, ticks 5 times, withdraws everything', async () => {
    const quote = net.processes.tokens?.b as string
    const base = net.processes.tokens?.a as string
    const owner = net.wallets.alice.address
    const state = ctx[1]
    // 1. a deploy that dies right after the spawn step was recorded
    const killed = deployAgent({
      strategyFile: 'agents/dca.ts',
      strategy: dca,
      params: JSON.parse(readFileSync(paramsFile, 'utf8')),
      name: 'dca',
      network: resolveNetwork('local', { state }),
      wallet: { ...net.wallets.alice, file: 'devnet' },
      manifest,
      onStep: (step) => {
        if (step === 'spawn') throw new Error('killed after spawn')
      },
    })
    await expect(killed).rejects.toThrow('killed after spawn')
    const half = readManifest(manifest).deployments.dca
    expect(half.processId).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(half.steps.spawn).toMatchObject({ state: 'done', runs: 1 })
    expect(half.steps.load.state).toBe('pending')
    // 2. re-run through the CLI: same process, each step done once
    const dep = await cli('deploy', 'agents/dca.ts', '-p', paramsFile)
    expect(dep.code, dep.err).toBe(0)
    expect(dep.out.trim()).toBe(half.processId)
    const d = readManifest(manifest).deployments.dca
    for (const s of ['spawn', 'load', 'monitor', 'verify'] as const)
      expect(d.steps[s]).toMatchObject({ state: 'done', runs: 1 })
    const again = await cli('deploy', 'agents/dca.ts', '-p', paramsFile)
    expect(again.out.trim()).toBe(half.processId)
    expect(readManifest(manifest).deployments.dca.steps.spawn.runs).toBe(1)
    expect((await runCli(['ls', '--manifest', manifest])).out).toMatch(
      /dca\s+local\s+\S{43}\s+dca\s+1-hour\s+deployed/,
    )

    // 3. fund from the faucet token: faucet → owner, `afk fund` → agent
    const D = 5n * UNIT + UNIT / 2n
    await net.faucet(owner, quote, 10n * UNIT)
    const fund = await cli('fund', 'dca', '--token', 'quote', '--amount', '5.5')
    expect(fund.code, fund.err).toBe(0)
    await net.node.idle()
    const ownerQuote0 = await tokenBalance(quote, owner)
    const ownerBase0 = await tokenBalance(base, owner)

    // 4. five devnet cron ticks → five swaps, seen through `afk logs`
    for (let i = 0; i < 5; i++) await net.advance(HOUR)
    const logs = await cli('logs', 'dca', '--json')
    expect(logs.code, logs.err).toBe(0)
    const entries = logs.out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l))
    expect(entries.filter((e) => e.kind === 'swap').map((e) => e.fields.pool)).toEqual(
      Array(5).fill(net.processes.pool),
    )
    const fills = entries.filter((e) => e.kind === 'log' && e.event === 'filled')
    expect(fills).toHaveLength(5)
    // the pool's own formula, swap after swap, from the seeded reserves
    let rIn = SEED.liquidity
    let rOut = SEED.liquidity
    let expectedOut = 0n
    for (const f of fills) {
      expect(f.fields.amountIn).toBe(String(UNIT))
      const s = botegaSwap(rIn, rOut, UNIT, SEED.lpFeeBps, SEED.protocolFeeBps)
      expect(f.fields.amountOut).toBe(String(s.amountOut))
      ;[rIn, rOut, expectedOut] = [s.newReserveIn, s.newReserveOut, expectedOut + s.amountOut]
    }
    expect((await cli('logs', 'dca')).out).toMatch(
      /log\s+filled\s+amountIn=1000000000000 amountOut=\d+ order=afk-2/,
    )

    // 5. status --json validates against the published schema
    const st = await cli('status', 'dca', '--json')
    expect(st.code, st.err).toBe(0)
    const report = StatusReportSchema.parse(JSON.parse(st.out))
    expect(report.status.context.buys).toBe('5')
    expect(report.matchesManifest).toEqual({
      strategyHash: true,
      paramsHash: true,
      owner: true,
      immutable: true,
    })
    expect((await cli('status', 'dca')).out).toMatch(/balances\s+base=\d+\s+quote=500000000000\b/)

    // 6. a withdraw signed by another wallet is refused by the agent, shown in one line
    const stranger = await runCli([
      'withdraw',
      'dca',
      '--token',
      'base',
      '--all',
      '--wallet',
      bobFile,
      ...ctx,
    ])
    expect(stranger.code).toBe(1)
    expect(stranger.err.trim().split('\n')).toHaveLength(1)
    expect(stranger.err).toMatch(/refused Withdraw: UNAUTHORIZED/)

    // 7. withdraw --all of both tokens: the owner ends with the deposit minus the swaps' fees, to the last unit
    for (const t of ['base', 'quote']) {
      const w = await cli('withdraw', 'dca', '--token', t, '--all')
      expect(w.code, w.err).toBe(0)
    }
    const pid = d.processId as string
    expect(await tokenBalance(quote, pid)).toBe(0n)
    expect(await tokenBalance(base, pid)).toBe(0n)
    expect(await tokenBalance(quote, owner)).toBe(ownerQuote0 + D - 5n * UNIT)
    expect(await tokenBalance(base, owner)).toBe(ownerBase0 + expectedOut)
    const after = StatusReportSchema.parse(JSON.parse((await cli('status', 'dca', '--json')).out))
    expect(after.status.balances).toEqual({ base: '0', quote: '0' })
    // liquidate: the DCA stops for good and tells its owner
    expect((await cli('liquidate', 'dca')).code).toBe(0)
    const stopped = StatusReportSchema.parse(JSON.parse((await cli('status', 'dca', '--json')).out))
    expect([stopped.status.value, stopped.status.done]).toEqual(['stopped', true])
    expect((await cli('logs', 'dca')).out).toMatch(
      /notice\s+stopped\s+to=\S+ message=DCA stopped after 5 buys/,
    )
  }, 120_000)

  it('a deploy killed between posting the spawn and recording it finds its process by nonce; Eval loading works', async () => {
    const state = ctx[1]
    const params = JSON.parse(readFileSync(paramsFile, 'utf8'))
    const base = {
      strategyFile: 'agents/dca.ts',
      strategy: dca,
      params,
      network: resolveNetwork('local', { state }),
      wallet: { ...net.wallets.alice, file: 'devnet' },
      manifest,
    }
    await expect(
      deployAgent({
        ...base,
        name: 'posted',
        onStep: (step) => {
          if (step === 'spawn') throw new Error('killed')
        },
      }),
    ).rejects.toThrow('killed')
    const spawned = readManifest(manifest).deployments.posted
    // as if the process died after the MU accepted the spawn but before the manifest was written
    const m = JSON.parse(readFileSync(manifest, 'utf8'))
    m.deployments.posted.processId = null
    m.deployments.posted.steps.spawn = { state: 'pending', runs: 0, detail: 'posting' }
    writeFileSync(manifest, JSON.stringify(m))
    const processes = net.node.su.processIds().length
    const r = await deployAgent({ ...base, name: 'posted' })
    expect(r.deployment.processId).toBe(spawned.processId)
    expect(r.deployment.steps.spawn).toMatchObject({ state: 'done', runs: 1, detail: 'found on the gateway' })
    expect(net.node.su.processIds().length).toBe(processes)
    // a network without On-Boot: spawn, then the Lua as Eval
    const e = await deployAgent({ ...base, name: 'evaled', network: { ...base.network, onBoot: false } })
    expect(e.deployment.steps.load).toMatchObject({ state: 'done', runs: 1, detail: 'Eval' })
    expect(e.deployment.steps.verify.state).toBe('done')
    // a fresh deploy runs every step once (timings: bench/deploy.bench.ts)
    const f = await deployAgent({ ...base, name: 'fresh' })
    expect(f.ran).toEqual(['spawn', 'load', 'monitor', 'verify'])
    // the published schema of status --json
    const schema = JSON.parse((await runCli(['status', '--schema'])).out)
    expect(Object.keys(schema.properties)).toEqual([
      'name',
      'network',
      'processId',
      'status',
      'matchesManifest',
    ])
  }, 120_000)

  it('the keeper ticks an agent spawned without crons, once per slot, from the keeper wallet', async () => {
    const quote = net.processes.tokens?.b as string
    const bob = net.wallets.bob.address
    const kp = join(dir, 'kept.params.json')
    writeFileSync(kp, JSON.stringify({ ...JSON.parse(readFileSync(paramsFile, 'utf8')), keeper: bob }))
    const dep = await cli('deploy', 'agents/dca.ts', '-p', kp, '--name', 'kept', '--no-cron')
    expect(dep.code, dep.err).toBe(0)
    expect(readManifest(manifest).deployments.kept.steps.monitor).toMatchObject({ state: 'skipped' })
    await net.faucet(net.wallets.alice.address, quote, 3n * UNIT)
    expect((await cli('fund', 'kept', '--token', 'quote', '--amount', '3')).code).toBe(0)
    await net.node.idle()
    const network = resolveNetwork('local', { state: ctx[1] })
    const conn = connectNetwork(network, readWallet(bobFile))
    const m = readManifest(manifest).deployments
    const lines: string[] = []
    const keeper = new Keeper({
      agents: [
        { deployment: m.kept, conn },
        { deployment: m.dca, conn },
      ],
      now: async () => net.node.clock.now(),
      log: (a) => lines.push(`${a.name} ${a.action}`),
    })
    const fills = async () =>
      (await cli('logs', 'kept', '--json')).out.split('\n').filter((l) => l.includes('"filled"')).length
    await keeper.runOnce()
    await net.node.idle()
    expect(lines).toContain('kept tick')
    expect(lines).toContain('dca monitor')
    expect(await fills()).toBe(1)
    // not due again within the interval: nothing sent
    lines.length = 0
    await net.advance(60_000)
    await keeper.runOnce()
    expect(lines.filter((l) => l.startsWith('kept'))).toEqual(['kept ok'])
    // the dca agent does not name bob as keeper: it is never ticked by him
    expect(lines.some((l) => l === 'dca tick')).toBe(false)
    // next interval: due again
    await net.advance(HOUR)
    await keeper.runOnce()
    await net.node.idle()
    expect(await fills()).toBe(2)
    // node-cron drives passes until stopped
    lines.length = 0
    keeper.start('* * * * * *')
    const until = hostClock.now() + 5000
    while (!lines.length && hostClock.now() < until) await new Promise((r) => setTimeout(r, 100))
    await keeper.stop()
    expect(lines.length).toBeGreaterThan(0)
    // ownership moves: the new owner may command the agent, the old one may not, and status flags the manifest drift
    expect((await cli('transfer-ownership', 'kept', '--to', bob)).code).toBe(0)
    const old = await cli('resume', 'kept')
    expect(old.code).toBe(1)
    expect(old.err).toMatch(/refused Resume: UNAUTHORIZED/)
    expect(
      (await runCli(['update-params', 'kept', '-p', '{"slippageBps": 250}', '--wallet', bobFile, ...ctx]))
        .code,
    ).toBe(0)
    const moved = StatusReportSchema.parse(JSON.parse((await cli('status', 'kept', '--json')).out))
    expect(moved.status.owner).toBe(bob)
    expect(moved.status.params.slippageBps).toBe('250')
    expect(moved.matchesManifest).toEqual({
      strategyHash: true,
      paramsHash: true,
      owner: false,
      immutable: true,
    })
    expect(
      (
        await runCli([
          'transfer-ownership',
          'kept',
          '--to',
          net.wallets.alice.address,
          '--wallet',
          bobFile,
          ...ctx,
        ])
      ).code,
    ).toBe(0)
  }, 120_000)

  it('afk ui: the dashboard page, in headless Chromium, shows the deployed agents with live Status and fills', async () => {
    const ui = await serveDashboard({
      agents: () => dashboardAgents({ manifest, state: ctx[1], timeout: '5000' }),
      refreshMs: 1000,
    })
    const browser = await launchChromium()
    try {
      const page = await browser.newPage()
      const problems: string[] = []
      const requests = new Set<string>()
      page.on('console', (m) => (m.type() === 'error' || m.type() === 'warning') && problems.push(m.text()))
      page.on('pageerror', (e) => problems.push(e.message))
      page.on('request', (r) => requests.add(new URL(r.url()).origin))
      await page.goto(ui.url)
      await page.waitForSelector('body[data-rendered="5"]', { timeout: 30_000 })
      const dcaCard = page.locator('.agent[data-name="dca"]')
      expect(await dcaCard.locator('table.fills tr').count()).toBe(6) // header + 5 fills
      expect(await dcaCard.textContent()).toContain('state stopped (done)')
      expect(await dcaCard.locator('table.fills').textContent()).toContain('afk-2')
      expect(await page.locator('.agent[data-name="kept"] table.fills tr').count()).toBe(3)
      // the equity chart is drawn
      const painted = await dcaCard.locator('.uplot canvas').evaluate((c) => {
        const canvas = c as HTMLCanvasElement
        const px = (canvas.getContext('2d') as CanvasRenderingContext2D).getImageData(
          0,
          0,
          canvas.width,
          canvas.height,
        ).data
        let n = 0
        for (let i = 3; i < px.length; i += 4) if (px[i] !== 0) n++
        return n
      })
      expect(painted).toBeGreaterThan(1000)
      // it refreshes: a pause shows up without reloading
      expect((await cli('pause', 'kept')).code).toBe(0)
      await page.waitForSelector('.agent[data-name="kept"] .paused', { timeout: 10_000 })
      expect(problems).toEqual([])
      expect([...requests]).toEqual([new URL(ui.url).origin])
      // read-only: nothing but GET
      expect((await fetch(`${ui.url}api/agents`, { method: 'POST' })).status).toBe(405)
    } finally {
      await browser.close()
      await ui.close()
    }
  }, 90_000)

  it('afk deploy --immutable, afk halt and resume: a halted agent does not swap on a tick; an owner Eval changes nothing', async () => {
    const quote = net.processes.tokens?.b as string
    const alice = { ...net.wallets.alice, file: 'devnet' }
    const dep = await cli('deploy', 'agents/dca.ts', '-p', paramsFile, '--name', 'frozen', '--immutable')
    expect(dep.code, dep.err).toBe(0)
    const pid = dep.out.trim()
    expect(readManifest(manifest).deployments.frozen.immutable).toBe(true)
    await net.faucet(alice.address, quote, 2n * UNIT)
    expect((await cli('fund', 'frozen', '--token', 'quote', '--amount', '2')).code).toBe(0)
    await net.node.idle()
    const status = async () =>
      StatusReportSchema.parse(JSON.parse((await cli('status', 'frozen', '--json')).out))

    // halted: the cron tick arrives (lastTick moves) but starts no quote or swap
    const h = await cli('halt', 'frozen')
    expect(h.code, h.err).toBe(0)
    await net.advance(HOUR)
    await net.node.idle()
    const halted = await status()
    expect(halted.status).toMatchObject({ halted: true, immutable: true, orders: {}, context: { buys: '0' } })
    expect(halted.status.lastTick).not.toBeNull()
    expect(halted.status.balances.quote).toBe(String(2n * UNIT))
    expect(halted.matchesManifest.immutable).toBe(true)
    const human = (await cli('status', 'frozen')).out
    expect(human).toMatch(/state\s+idle \[halted\]/)
    expect(human).toMatch(/immutable\s+yes/)

    // immutable: the owner's Eval is answered IMMUTABLE and changes nothing
    const conn = connectNetwork(resolveNetwork('local', { state: ctx[1] }), alice)
    const t = conn.client.transport
    const evalId = await t.message({
      process: pid,
      tags: [{ name: 'Action', value: 'Eval' }],
      data: `AfkState.halted = false; AfkState.owner = "${net.wallets.bob.address}"`,
      account: conn.client.signer,
    })
    const res = await t.result({ process: pid, message: evalId })
    expect(res.Messages.map((m) => m.Tags.find((x) => x.name === 'Code')?.value)).toContain('IMMUTABLE')
    expect((await status()).status).toEqual(halted.status)

    // withdraw still works while halted; resume lifts the halt and the next tick swaps
    expect((await cli('withdraw', 'frozen', '--token', 'quote', '--amount', '0.5')).code).toBe(0)
    expect((await cli('resume', 'frozen')).code).toBe(0)
    await net.advance(HOUR)
    await net.node.idle()
    const resumed = await status()
    expect(resumed.status).toMatchObject({ halted: false, context: { buys: '1' } })
    expect(resumed.status.balances.quote).toBe(String(UNIT / 2n))
  }, 90_000)

  it('every command has --help; bad arguments get one line and a non-zero exit', async () => {
    const commands = [
      ['wallet', 'new'],
      ['wallet', 'address'],
      ['deploy'],
      ['ls'],
      ['status'],
      ['pause'],
      ['resume'],
      ['halt'],
      ['withdraw'],
      ['liquidate'],
      ['update-params'],
      ['transfer-ownership'],
      ['fund'],
      ['logs'],
      ['keeper'],
      ['ui'],
    ]
    for (const c of commands) {
      const r = await runCli([...c, '--help'])
      expect(r.code, c.join(' ')).toBe(0)
      expect(r.out, c.join(' ')).toMatch(/Usage: afk/)
    }
    const bad: [string[], RegExp][] = [
      [['withdraw', 'dca', '--token', 'quote', ...ctx], /exactly one of --amount <x> or --all/],
      [['withdraw', 'dca', '--token', 'nope', '--all', ...ctx], /--token nope is neither/],
      [['status', 'ghost', ...ctx], /No deployment "ghost"/],
      [['logs', 'dca', '--limit', 'x', ...ctx], /--limit must be an integer/],
      [
        ['deploy', 'agents/dca.ts', '-p', paramsFile, '--network', 'moon', ...ctx],
        /--network must be one of/,
      ],
      [['fund', 'dca', '--token', 'quote', '--amount', '-1', ...ctx], /--amount must be a non-negative/],
      [['transfer-ownership', 'dca', '--to', 'x', ...ctx], /--to must be a 43-character address/],
      [['wallet', 'address', join(dir, 'missing.json')], /Wallet file .*missing\.json: no such file/],
      [['status', 'dca', '--state', join(dir, 'nope.json'), '--manifest', manifest], /No devnet state at/],
      [['ls', '--manifest', paramsFile], /does not match its schema/],
      [['ls', '--manifest', join(dir, 'devnet-wallets.json')], /does not match its schema/],
    ]
    for (const [args, re] of bad) {
      const r = await runCli(args)
      expect(r.code, args.join(' ')).toBe(1)
      expect(r.err.trim().split('\n'), args.join(' ')).toHaveLength(1)
      expect(r.err, args.join(' ')).toMatch(re)
    }
    // a missing required option is commander's one-line error
    const r = await runCli(['fund', 'dca', ...ctx])
    expect(r.code).toBe(1)
    expect(r.err).toMatch(/required option '--token/)
  }, 60_000)
})
