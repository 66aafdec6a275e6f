import { readFileSync } from 'node:fs'
import * as root from 'afk'
import * as clients from 'afk/clients'
import * as deploy from 'afk/deploy'
import * as devnet from 'afk/devnet'
import * as engine from 'afk/engine'
import * as harness from 'afk/harness'
import { describe, expect, it } from 'vitest'

/** The public surface of each package entry. A change here is a change of the published API: review it. */
describe('package exports', () => {
  it('package.json maps every entry to its source, types and built JS', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'))
    expect(Object.keys(pkg.exports)).toEqual([
      '.',
      './engine',
      './clients',
      './devnet',
      './harness',
      './deploy',
      './package.json',
    ])
    for (const [k, v] of Object.entries(pkg.exports)) {
      if (k === './package.json') continue
      const dir = k === '.' ? '' : `${k.slice(2)}/`
      expect(v).toEqual({
        'afk-source': `./src/${dir}index.ts`,
        types: `./dist/${dir}index.d.ts`,
        default: `./dist/${dir}index.js`,
      })
    }
  })

  it('afk', () => {
    expect(Object.keys(root).sort()).toMatchInlineSnapshot(`
      [
        "AgentRuntimeError",
        "BaseError",
        "CompileError",
        "MAX_LIST_LENGTH",
        "abs",
        "add",
        "and",
        "ask",
        "assign",
        "at",
        "bal",
        "balOf",
        "basisPoints",
        "bps",
        "cancelTimeout",
        "clamp",
        "compile",
        "compileOrThrow",
        "concat",
        "count",
        "defineStrategy",
        "div",
        "eq",
        "forEach",
        "formatDiagnostic",
        "ge",
        "get",
        "gt",
        "ifElse",
        "isStrategy",
        "isqrt",
        "le",
        "len",
        "log",
        "lt",
        "map",
        "max",
        "min",
        "minusBps",
        "mul",
        "mulDiv",
        "ne",
        "not",
        "notify",
        "now",
        "or",
        "owner",
        "payOwner",
        "plusBps",
        "poolInfo",
        "processId",
        "push",
        "quantity",
        "quote",
        "quoteAll",
        "quoted",
        "quotedFor",
        "refreshBalance",
        "reserves",
        "ring",
        "scheduleTimeout",
        "self",
        "send",
        "set",
        "strategyHash",
        "sub",
        "sum",
        "swap",
        "swapAll",
        "transfer",
        "valuation",
        "version",
      ]
    `)
  })
  it('afk/engine', () => {
    expect(Object.keys(engine).sort()).toMatchInlineSnapshot(`
      [
        "AosEngine",
        "DivergenceError",
        "DualEngine",
        "StrategyLoadError",
        "TsEngine",
        "createDualEngine",
        "createEngine",
        "loadStrategy",
        "normalizeStep",
        "readHeader",
        "readLuaGraph",
        "spawnTags",
      ]
    `)
  })
  it('afk/clients', () => {
    expect(Object.keys(clients).sort()).toMatchInlineSnapshot(`
      [
        "ORDER_ID_TAG",
        "addressSigner",
        "aoconnect",
        "createClient",
        "createTransport",
        "devnet",
        "dexActions",
        "displayUnits",
        "formatUnits",
        "getBalance",
        "getBalances",
        "getInfo",
        "getPair",
        "getPool",
        "getReserves",
        "jwkSigner",
        "parseUnits",
        "permaswapQuote",
        "permaswapSwap",
        "quote",
        "simulator",
        "swap",
        "tokenActions",
        "transfer",
      ]
    `)
  })
  it('afk/devnet', () => {
    expect(Object.keys(devnet).sort()).toMatchInlineSnapshot(`
      [
        "DevnetClock",
        "DevnetNode",
        "SEED",
        "addressOf",
        "createDataItem",
        "generateWallets",
        "parseDataItem",
        "spawnProcess",
        "startDevnet",
      ]
    `)
  })
  it('afk/deploy', () => {
    expect(Object.keys(deploy).sort()).toMatchInlineSnapshot(`
      [
        "AGENT_COMMANDS",
        "AgentStatusSchema",
        "DEFAULT_MANIFEST",
        "DEPLOY_STEPS",
        "DeploymentSchema",
        "Keeper",
        "ManifestSchema",
        "StatusReportSchema",
        "checkNodes",
        "connectNetwork",
        "connectReadOnly",
        "createWallet",
        "dashboardData",
        "deployAgent",
        "findDeployment",
        "fund",
        "networkNow",
        "readLogs",
        "readManifest",
        "readStatus",
        "readWallet",
        "renderDashboard",
        "resolveDevnetRefs",
        "resolveNetwork",
        "sendCommand",
        "serveDashboard",
        "statusReportJsonSchema",
        "withdraw",
      ]
    `)
  })
  it('afk/harness', () => {
    expect(Object.keys(harness).sort()).toMatchInlineSnapshot(`
      [
        "REPORT_SCHEMA",
        "buildReport",
        "computeMetrics",
        "formatReportJson",
        "formatTerminal",
        "openLog",
        "recordLog",
        "runBacktest",
        "runBacktestDetailed",
        "runSweep",
        "synthPoolLog",
        "writeReports",
      ]
    `)
  })
})
