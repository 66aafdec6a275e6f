import { randomBytes } from 'node:crypto'
import { relative } from 'node:path'
import { tagValue } from '../ao/message.ts'
import { wallClock } from '../ao/wallClock.ts'
import { compileOrThrow } from '../compiler/compile.ts'
import { DeployAbortedError, DeployStepError, DeployVerificationError, UsageError } from '../errors/deploy.ts'
import type { Strategy } from '../strategy/defineStrategy.ts'
import { readStatus } from './agentOps.ts'
import { type Connection, connectNetwork } from './connection.ts'
import { DEPLOY_STEPS, type Deployment, type DeployStep, readManifest, updateDeployment } from './manifest.ts'
import { checkNodes, type Network, nodeAddress } from './network.ts'
import type { Wallet } from './wallet.ts'

/** What a deploy will do; printed (and confirmed) before anything is signed on a public network. */
export interface DeployPlan {
  name: string
  network: string
  module: string
  scheduler: string
  authority: string
  cron: string | null
  /** the agent refuses every Eval after boot, even its owner's */
  immutable: boolean
  owner: string
  strategyHash: string
  paramsHash: string
  luaBytes: number
  /** signed messages this deploy sends: spawn, Eval (if no On-Boot), monitor, Status */
  estimatedMessages: number
}

export interface DeployOptions {
  /** strategy module path, recorded in the manifest */
  strategyFile: string
  strategy: Strategy
  params: unknown
  name: string
  network: Network
  wallet: Wallet
  manifest: string
  /** asked with the plan on public networks unless `yes`; resolve false to abort */
  confirm?: (plan: DeployPlan) => Promise<boolean>
  yes?: boolean
  /** false: spawn without `Cron-Interval`, the ticks come from `afk keeper` (default true) */
  networkCron?: boolean
  /** compile with `immutable: true`: every Eval is refused after boot (default false) */
  immutable?: boolean
  log?: (line: string) => void
  /** called after each step is recorded in the manifest (tests use it to interrupt a deploy) */
  onStep?: (step: DeployStep, d: Deployment) => void
  /** node reachability check timeout */
  checkTimeoutMs?: number
  /** how long to wait for the scheduler to know a new process / for results */
  timeoutMs?: number
}

export interface DeployResult {
  deployment: Deployment
  plan: DeployPlan
  /** steps this run performed (a resumed run skips the ones already done) */
  ran: DeployStep[]
  ms: number
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/

/**
 * Deploys a strategy as an aos process: compile, spawn (production aos module, `Authority`, `Name`, `Cron-Interval`),
 * load (`On-Boot=Data` or Eval), monitor (crons on legacy MUs) and verify (Status reports the compiled hashes and the
 * owner). Each step is recorded in the manifest as it completes; a re-run resumes and never spawns a second process.
 */
export async function deployAgent(o: DeployOptions): Promise<DeployResult> {
  const t0 = wallClock()
  const log = o.log ?? (() => {})
  if (!NAME.test(o.name))
    throw new UsageError(
      `--name "${o.name}" must be 1-64 letters, digits, ".", "_" or "-", starting with a letter or digit.`,
    )
  const immutable = o.immutable === true
  const compiled = compileOrThrow(o.strategy, o.params, { immutable })
  const { strategyHash, paramsHash } = compiled.manifest
  const cron = compiled.manifest.cron ?? null
  const networkCron = o.networkCron ?? true
  const spawnCron = networkCron ? cron : null
  const net = o.network

  const existing = readManifest(o.manifest).deployments[o.name]
  if (existing) {
    const diff = [
      existing.network !== net.name && `network ${existing.network}`,
      existing.strategy.strategyHash !== strategyHash && 'another strategy',
      existing.strategy.paramsHash !== paramsHash && 'other params',
      existing.owner !== o.wallet.address && `owner ${existing.owner}`,
      existing.networkCron !== networkCron && (existing.networkCron ? 'network crons' : '--no-cron'),
      existing.immutable !== immutable && (existing.immutable ? '--immutable' : 'a mutable agent'),
    ].filter(Boolean)
    if (diff.length)
      throw new UsageError(
        `"${o.name}" is already in the manifest with ${diff.join(', ')}; pick another --name (or use update-params).`,
      )
  }

  // Nothing is signed before every node has answered.
  await checkNodes(net, o.checkTimeoutMs)
  const authority = net.authority || (await nodeAddress(net, o.checkTimeoutMs))
  const plan: DeployPlan = {
    name: o.name,
    network: net.name,
    module: net.module,
    scheduler: net.scheduler,
    authority,
    cron: spawnCron?.interval ?? null,
    immutable,
    owner: o.wallet.address,
    strategyHash,
    paramsHash,
    luaBytes: compiled.manifest.bytes,
    estimatedMessages: 1 + (net.onBoot ? 0 : 1) + (spawnCron && net.monitor ? 1 : 0) + (net.public ? 1 : 0),
  }
  const pending = !existing || DEPLOY_STEPS.some((s) => existing.steps[s].state === 'pending')
  if (net.public && pending && !o.yes) {
    const ok = o.confirm ? await o.confirm(plan) : false
    if (!ok)
      throw new DeployAbortedError(
        `Deploy of "${o.name}" to ${net.name} not confirmed; nothing was sent (pass --yes to skip the question).`,
      )
  }

  const now = () => new Date().toISOString()
  let d: Deployment =
    existing ??
    updateDeployment(o.manifest, {
      name: o.name,
      network: net.name,
      processId: null,
      module: net.module,
      scheduler: net.scheduler,
      authority,
      owner: o.wallet.address,
      strategy: {
        file: relative(process.cwd(), o.strategyFile) || o.strategyFile,
        id: compiled.manifest.id,
        strategyHash,
        paramsHash,
      },
      cron: cron?.interval ?? null,
      networkCron,
      immutable,
      deployNonce: randomBytes(16).toString('hex'),
      createdAt: now(),
      updatedAt: now(),
      steps: {
        spawn: { state: 'pending', runs: 0 },
        load: { state: 'pending', runs: 0 },
        monitor: { state: 'pending', runs: 0 },
        verify: { state: 'pending', runs: 0 },
      },
    })
  const conn = connectNetwork(net, o.wallet, { timeoutMs: o.timeoutMs })
  const ran: DeployStep[] = []
  const record = (
    step: DeployStep,
    state: 'done' | 'skipped',
    detail?: string,
    patch: Partial<Deployment> = {},
  ) => {
    const prev = d.steps[step]
    d = updateDeployment(o.manifest, {
      ...d,
      ...patch,
      steps: { ...d.steps, [step]: { state, runs: prev.runs + 1, at: now(), ...(detail ? { detail } : {}) } },
    })
    ran.push(step)
    log(`${step}: ${state}${detail ? ` (${detail})` : ''}`)
    o.onStep?.(step, d)
  }

  if (d.steps.spawn.state === 'pending') {
    const found = d.steps.spawn.detail === 'posting' ? await findSpawn(conn, d.deployNonce) : undefined
    let pid = found
    if (!pid) {
      d = updateDeployment(o.manifest, {
        ...d,
        steps: { ...d.steps, spawn: { ...d.steps.spawn, detail: 'posting' } },
      })
      const tags = [
        { name: 'App-Name', value: 'afk' },
        { name: 'Name', value: o.name },
        { name: 'Authority', value: authority },
        ...(spawnCron
          ? [
              { name: 'Cron-Interval', value: spawnCron.interval },
              { name: 'Cron-Tag-Action', value: 'Cron' },
              ...Object.entries(spawnCron.tags)
                .filter(([k]) => k !== 'Action')
                .map(([k, v]) => ({ name: `Cron-Tag-${k}`, value: v })),
            ]
          : []),
        ...(net.onBoot ? [{ name: 'On-Boot', value: 'Data' }] : []),
        { name: 'Afk-Strategy-Hash', value: strategyHash },
        { name: 'Afk-Params-Hash', value: paramsHash },
        { name: 'Afk-Deploy-Nonce', value: d.deployNonce },
      ]
      try {
        pid = await conn.ao.spawn({
          module: net.module,
          scheduler: net.scheduler,
          signer: conn.signer,
          tags,
          data: net.onBoot ? compiled.lua : '1984',
        })
      } catch (e) {
        throw new DeployStepError('spawn', (e as Error).message, { cause: e })
      }
    }
    record('spawn', 'done', found ? 'found on the gateway' : undefined, { processId: pid })
  }
  const pid = d.processId as string

  if (d.steps.load.state === 'pending') {
    let how = 'On-Boot=Data'
    let bootError: string | undefined
    if (net.onBoot) {
      const r = await retry('load', o.timeoutMs, () => conn.ao.result({ process: pid, message: pid }))
      bootError = r.Error !== undefined ? String(r.Error) : undefined
    }
    if (!net.onBoot || bootError !== undefined) {
      how = 'Eval'
      const id = await retry('load', o.timeoutMs, () =>
        conn.ao.message({
          process: pid,
          signer: conn.signer,
          tags: [{ name: 'Action', value: 'Eval' }],
          data: compiled.lua,
        }),
      )
      const r = await conn.ao.result({ process: pid, message: id })
      if (r.Error !== undefined)
        throw new DeployStepError('load', 'the agent Lua raised an error when loaded', {
          details: String(r.Error).slice(0, 2000),
        })
    }
    record('load', 'done', how)
  }

  if (d.steps.monitor.state === 'pending') {
    if (spawnCron && net.monitor) {
      try {
        await conn.ao.monitor({ process: pid, signer: conn.signer })
      } catch (e) {
        throw new DeployStepError('monitor', (e as Error).message, { cause: e })
      }
      record('monitor', 'done')
    } else
      record('monitor', 'skipped', cron ? 'the network drives crons itself (or use afk keeper)' : 'no cron')
  }

  if (d.steps.verify.state === 'pending') {
    const s = await readStatus(conn, pid)
    const bad = [
      s.meta.strategyHash !== strategyHash && `strategy hash ${s.meta.strategyHash}`,
      s.meta.paramsHash !== paramsHash && `params hash ${s.meta.paramsHash}`,
      s.owner !== o.wallet.address && `owner ${s.owner}`,
      s.immutable !== immutable && `immutable ${s.immutable}`,
    ].filter(Boolean)
    if (bad.length)
      throw new DeployVerificationError(
        `Process ${pid} does not run what was compiled: it reports ${bad.join(', ')} (expected strategy ${strategyHash.slice(0, 12)}…, params ${paramsHash.slice(0, 12)}…, owner ${o.wallet.address}, immutable ${immutable}).`,
      )
    record('verify', 'done', 'Status matches strategy, params, owner and immutability')
  }
  return { deployment: d, plan, ran, ms: wallClock() - t0 }
}

/** An earlier run may have posted the spawn and died before recording it: look for its nonce tag on the gateway. */
async function findSpawn(conn: Connection, nonce: string): Promise<string | undefined> {
  const query = `query($tags: [TagFilter!], $owners: [String!]) { transactions(tags: $tags, owners: $owners, first: 1) { edges { node { id tags { name value } } } } }`
  try {
    const res = await fetch(`${conn.network.gateway.replace(/\/$/, '')}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query,
        variables: { tags: [{ name: 'Afk-Deploy-Nonce', values: [nonce] }], owners: [conn.wallet.address] },
      }),
    })
    const json = (await res.json()) as {
      data?: { transactions: { edges: { node: { id: string; tags: { name: string; value: string }[] } }[] } }
    }
    const node = json.data?.transactions.edges[0]?.node
    return node && tagValue(node.tags, 'Type') === 'Process' ? node.id : undefined
  } catch (e) {
    throw new DeployStepError(
      'spawn',
      `cannot check the gateway for an earlier spawn (${(e as Error).message})`,
      {
        cause: e,
      },
    )
  }
}

/** Retries `f` until it succeeds (the scheduler may not know a fresh process yet) or `timeoutMs` passes. */
async function retry<T>(step: string, timeoutMs = 60_000, f: () => Promise<T>): Promise<T> {
  const deadline = wallClock() + timeoutMs
  for (let delay = 50; ; delay = Math.min(delay * 2, 2000)) {
    try {
      return await f()
    } catch (e) {
      if (wallClock() + delay > deadline) throw new DeployStepError(step, (e as Error).message, { cause: e })
      await new Promise((r) => setTimeout(r, delay))
    }
  }
}
