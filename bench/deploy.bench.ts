import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import dca from '../agents/dca.ts'
import { hostClock } from '../src/ao/hostClock.ts'
import { readStatus } from '../src/deploy/agentOps.ts'
import { connectNetwork } from '../src/deploy/connection.ts'
import { deployAgent } from '../src/deploy/deployAgent.ts'
import { resolveNetwork } from '../src/deploy/network.ts'
import { startDevnet } from '../src/devnet/index.ts'
import type { BenchResult } from './types.ts'

/** `afk deploy` of the DCA on a local devnet over HTTP (compile, spawn with On-Boot, monitor, verify), and a Status read. */
export async function run(): Promise<BenchResult[]> {
  const net = await startDevnet({ port: 0, seed: true, onWarning: () => {} })
  try {
    const dir = mkdtempSync(join(tmpdir(), 'afk-bench-deploy-'))
    const state = join(dir, 'devnet.json')
    writeFileSync(state, JSON.stringify({ urls: net.urls, authority: net.authority }))
    const network = resolveNetwork('local', { state })
    const wallet = { ...net.wallets.alice, file: 'devnet' }
    const params = {
      base: net.processes.tokens?.a,
      quote: net.processes.tokens?.b,
      pool: net.processes.pool,
      amount: '1000000000000',
      slippageBps: 100,
    }
    const deploys: number[] = []
    let pid = ''
    for (let i = 0; i < 7; i++) {
      const t0 = hostClock.perf()
      const r = await deployAgent({
        strategyFile: 'agents/dca.ts',
        strategy: dca,
        params,
        name: `dca-${i}`,
        network,
        wallet,
        manifest: join(dir, 'afk.deployments.json'),
      })
      deploys.push(hostClock.perf() - t0)
      pid = r.deployment.processId as string
    }
    const conn = connectNetwork(network, { ...wallet })
    const reads: number[] = []
    for (let i = 0; i < 20; i++) {
      const t0 = hostClock.perf()
      await readStatus(conn, pid)
      reads.push(hostClock.perf() - t0)
    }
    const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
    return [
      {
        name: 'afk deploy dca on the devnet (spawn, load, monitor, verify)',
        unit: 'ms',
        median: med(deploys),
      },
      { name: 'afk status read (dry-run over HTTP)', unit: 'ms', median: med(reads) },
    ]
  } finally {
    await net.stop()
  }
}
