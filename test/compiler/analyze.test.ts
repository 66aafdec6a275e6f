import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import dca from '../../agents/dca.ts'
import { makeId } from '../../src/ao/ids.ts'
import { analyze } from '../../src/compiler/analyze.ts'
import { compileOrThrow } from '../../src/compiler/compile.ts'
import { fromDefinition } from '../../src/compiler/fromDefinition.ts'
import { graphOfIr } from '../../src/compiler/machineGraph.ts'
import { toMermaid } from '../../src/compiler/mermaid.ts'
import { readLuaGraph } from '../../src/engine/readLuaGraph.ts'
import { defineStrategy } from '../../src/strategy/defineStrategy.ts'
import { processId, quantity } from '../../src/strategy/params.ts'
import zoo from '../fixtures/zoo.ts'

const params = JSON.parse(readFileSync(new URL('../../agents/dca.params.json', import.meta.url), 'utf8'))

describe('afk check: the machine-checked strategy spec', () => {
  it('finds unreachable states, unhandled replies, dead ends and timeout mismatches', () => {
    const s = defineStrategy({
      id: 'flawed',
      params: z.object({ base: processId(), quote: processId(), pool: processId(), amount: quantity() }),
      tokens: ['base', 'quote'],
      cron: { interval: '1-minute' },
      machine: (x) => ({
        initial: 'idle',
        states: {
          idle: {
            on: {
              tick: {
                target: 'waiting',
                actions: [
                  x.quote({ pool: x.p.pool, tokenIn: x.p.quote, amountIn: x.p.amount }),
                  x.scheduleTimeout('quote', 1000),
                ],
              },
            },
          },
          waiting: { on: { 'timeout.swap': 'idle' } },
          orphan: { on: { tick: 'idle' } },
        },
      }),
    })
    const { ir } = fromDefinition(s, {
      base: makeId('b'),
      quote: makeId('q'),
      pool: makeId('p'),
      amount: '5',
    })
    const f = analyze(ir!).map((x) => `${x.code}:${x.state}`)
    expect(f).toEqual(
      expect.arrayContaining([
        'unreachable-state:orphan',
        'unhandled-reply:waiting',
        'timeout-never-handled:',
        'timeout-never-scheduled:',
      ]),
    )
  })

  it('warns when a state waits for a reply without any timeout', () => {
    const s = defineStrategy({
      id: 'patient',
      params: z.object({ base: processId(), quote: processId(), pool: processId(), amount: quantity() }),
      tokens: ['base', 'quote'],
      cron: { interval: '1-minute' },
      machine: (x) => ({
        initial: 'idle',
        states: {
          idle: {
            on: {
              tick: {
                target: 'waiting',
                actions: x.quote({ pool: x.p.pool, tokenIn: x.p.quote, amountIn: x.p.amount }),
              },
            },
          },
          waiting: { on: { quote: 'idle', 'quote.failed': 'idle' } },
        },
      }),
    })
    const { ir } = fromDefinition(s, {
      base: makeId('b'),
      quote: makeId('q'),
      pool: makeId('p'),
      amount: '5',
    })
    expect(analyze(ir!).map((x) => `${x.code}:${x.state}`)).toContain('waits-without-timeout:waiting')
  })

  it('passes the built-in DCA agent with no warnings', () => {
    const { ir } = fromDefinition(dca, params)
    expect(analyze(ir!).filter((f) => f.severity !== 'info')).toEqual([])
    expect(toMermaid(ir!)).toContain('idle --> quoting: tick / assign, assign, quote, scheduleTimeout')
  })

  it('reads the compiled Lua state table back from aos and finds the same graph; tampering is caught', async () => {
    for (const [s, p] of [
      [dca, params],
      [zoo, { ...params, friend: makeId('f'), label: 'x', flag: false, slippageBps: 10 }],
    ] as const) {
      const c = compileOrThrow(s, p)
      const { graph, status } = await readLuaGraph(c.lua)
      expect(graph).toEqual(graphOfIr(c.ir))
      expect(JSON.parse(status).meta.strategyHash).toBe(c.manifest.strategyHash)
    }
    const c = compileOrThrow(dca, params)
    const tampered = c.lua.replace('[ "swapping" ] = {', 'x').replace(/target = "idle"/, 'target = "quoting"')
    const { graph } = await readLuaGraph(tampered)
    expect(graph).not.toEqual(graphOfIr(c.ir))
  })
})
