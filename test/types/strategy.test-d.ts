/**
 * Type tests of the strategy DSL: every `@ts-expect-error` below is a mistake `tsc` must catch (run by
 * `tsc --noEmit`; test/types/typeTests.test.ts proves each line is an error and that a valid line fails the check).
 * Keep one mistake per marked line.
 */
import { z } from 'zod'
import { basisPoints, defineStrategy, map, processId, quantity, ring } from '../../src/index.ts'

const params = z.object({
  base: processId(),
  quote: processId(),
  pool: processId(),
  amount: quantity(),
  slip: basisPoints(),
  label: z.string(),
  flag: z.boolean(),
})
const context = { n: 0n, note: '', on: false }

export const valid = defineStrategy({
  id: 'valid',
  params,
  tokens: ['base', 'quote'],
  context,
  machine: ({ p, c, ev, add, ge, eq, and, not, ifElse, concat, bal, assign, swap, quote, log, notify }) => ({
    initial: 'idle',
    entry: log('boot', { amount: p.amount, flag: p.flag }),
    on: {
      'owner.liquidate': { target: '.done', actions: notify({ topic: 'bye', message: concat('n=', c.n) }) },
    },
    states: {
      idle: {
        on: {
          tick: {
            guard: and(ge(bal('quote'), p.amount), not(c.on), eq(p.label, 'x')),
            target: 'busy',
            actions: quote({ pool: p.pool, tokenIn: p.quote, amountIn: p.amount }),
          },
          credit: { actions: assign({ n: add(c.n, ev.quantity), note: ev.tokenParam }) },
        },
      },
      busy: {
        initial: 'quoting',
        on: { 'timeout.busy': { target: 'idle', actions: log('t', { name: ev.name }) } },
        states: {
          quoting: {
            on: {
              quote: {
                target: 'swapping',
                actions: swap({
                  pool: p.pool,
                  tokenIn: p.quote,
                  tokenOut: p.base,
                  amountIn: ev.amountIn,
                  minOut: ifElse(c.on, ev.output, 1),
                }),
              },
            },
          },
          swapping: { on: { 'swap.filled': { target: 'quoting', actions: assign({ n: ev.amountOut }) } } },
        },
      },
      done: { type: 'final' },
    },
  }),
})

export const events = defineStrategy({
  id: 'events',
  params,
  tokens: ['base', 'quote'],
  context,
  machine: ({ ev, c, add, ge, assign, log }) => ({
    initial: 'a',
    states: {
      a: {
        on: {
          // @ts-expect-error an event afk never produces
          'tick.typo': 'a',
          // @ts-expect-error a Credit-Notice is `credit`, not `credit-notice`
          'credit-notice': { target: 'a' },
          // @ts-expect-error `quote` has no amountOut (that is swap.filled)
          quote: { guard: ge(ev.amountOut, 1) },
          // @ts-expect-error `swap.filled` has no output (that is quote)
          'swap.filled': { actions: assign({ n: ev.output }) },
          'timeout.x': {
            // @ts-expect-error a timeout carries only `name`
            actions: log('t', { q: ev.quantity }),
          },
          debit: [
            { guard: ge(ev.quantity, 1), actions: assign({ n: ev.quantity }) },
            // @ts-expect-error debit has no `sender` (credit has)
            { actions: log('d', { s: ev.sender }) },
          ],
        },
      },
      b: {
        // @ts-expect-error entry actions run with no event in scope
        entry: assign({ n: add(c.n, ev.quantity) }),
      },
    },
  }),
})

export const fields = defineStrategy({
  id: 'fields',
  params,
  tokens: ['base', 'quote'],
  context,
  machine: ({ p, c, ev, add, ge, eq, and, not, ifElse, bal, assign }) => ({
    initial: 'a',
    states: {
      a: {
        on: {
          // @ts-expect-error no event has a field `nope`
          credit: { actions: assign({ n: ev.nope }) },
          tick: [
            // @ts-expect-error unknown context field
            { guard: ge(c.missing, 1) },
            // @ts-expect-error unknown param
            { guard: ge(p.nope, 1) },
            // @ts-expect-error a string param where an int belongs
            { guard: ge(p.label, 1) },
            // @ts-expect-error a guard must be boolean
            { guard: add(1, 2) },
            // @ts-expect-error eq compares values of one type
            { guard: eq(p.amount, 'x') },
            // @ts-expect-error and() takes booleans
            { guard: and(true, 1) },
            // @ts-expect-error not() takes a boolean
            { guard: not(c.n) },
            // @ts-expect-error bal() names a token param
            { guard: ge(bal('pool'), 1) },
            // @ts-expect-error context n is an int
            { actions: assign({ n: 'x' }) },
            // @ts-expect-error context note is a string
            { actions: assign({ note: true }) },
            // @ts-expect-error assign to an undeclared context field
            { actions: assign({ missing: 1 }) },
            // @ts-expect-error ifElse branches have one type
            { actions: assign({ n: ifElse(c.on, 1, 'a') }) },
          ],
        },
      },
    },
  }),
})

export const targetsAndArgs = defineStrategy({
  id: 'targets',
  params,
  tokens: ['base', 'quote'],
  context,
  machine: ({ p, c, swap, transfer, scheduleTimeout, notify }) => ({
    initial: 'a',
    on: {
      // @ts-expect-error the root's children are targeted as '.a'
      'owner.pause': 'a',
    },
    states: {
      a: {
        initial: 'inner',
        on: {
          // @ts-expect-error no such state
          tick: { target: 'nowhere' },
          // @ts-expect-error `inner` is a child of `a`: target it as '.inner'
          'owner.resume': 'inner',
        },
        states: { inner: {} },
      },
      // @ts-expect-error swap needs minOut
      b: { entry: swap({ pool: p.pool, tokenIn: p.quote, tokenOut: p.base, amountIn: p.amount }) },
      // @ts-expect-error amountIn is an int
      c: { entry: swap({ pool: p.pool, tokenIn: p.quote, tokenOut: p.base, amountIn: p.label, minOut: 1 }) },
      // @ts-expect-error transfer takes no `memo`
      d: { entry: transfer({ token: p.quote, recipient: p.pool, quantity: 1, memo: 'x' }) },
      // @ts-expect-error a delay is an int
      e: { entry: scheduleTimeout('x', 'soon') },
      // @ts-expect-error a topic is a string
      f: { exit: notify({ topic: c.n, message: 'x' }) },
    },
  }),
})

defineStrategy({
  id: 'tokens',
  params,
  // @ts-expect-error tokens name params
  tokens: ['base', 'nope'],
  machine: () => ({ initial: 'a', states: { a: {} } }),
})

export const collections = defineStrategy({
  id: 'collections',
  params: z.object({
    base: processId(),
    quote: processId(),
    assets: z
      .array(z.object({ token: processId(), weightBps: basisPoints() }))
      .min(1)
      .max(8),
  }),
  tokens: ['base', 'quote'],
  context: { n: 0n, w: ring(24), m: map() },
  machine: ({
    p,
    c,
    ev,
    len,
    at,
    sum,
    count,
    min,
    get,
    push,
    set,
    forEach,
    assign,
    add,
    gt,
    clamp,
    log,
  }) => ({
    initial: 'a',
    states: {
      a: {
        entry: [
          push(c.w, len(p.assets)),
          set(
            c.m,
            'x',
            sum(p.assets, (a) => a.weightBps),
          ),
          forEach(p.assets, (a, i) => [
            set(c.m, a.token, add(get(c.m, a.token), i)),
            log('a', { w: a.weightBps }),
          ]),
          assign({ n: min(c.w, (v) => v) }),
        ],
        on: {
          credit: { actions: forEach(c.w, (v) => push(c.w, add(v, ev.quantity))) },
          tick: [
            {
              guard: gt(
                count(c.w, (v) => gt(v, 1)),
                at(p.assets, 0, 'weightBps'),
              ),
            },
            // @ts-expect-error list items have no field `nope`
            { actions: assign({ n: sum(p.assets, (a) => a.nope) }) },
            // @ts-expect-error sum needs a per-item int
            { actions: assign({ n: sum(p.assets, (a) => a.token) }) },
            // @ts-expect-error count needs a per-item bool
            { actions: assign({ n: count(c.w, (v) => v) }) },
            // @ts-expect-error len() takes a list or ring, not an int
            { actions: assign({ n: len(c.n) }) },
            // @ts-expect-error a ring is not a value
            { actions: assign({ n: add(c.w, 1) }) },
            // @ts-expect-error assign cannot replace a ring
            { actions: assign({ w: 1 }) },
            // @ts-expect-error push() appends to a ring, not a map
            { actions: push(c.m, 1) },
            // @ts-expect-error set() writes a map, not a ring
            { actions: set(c.w, 'k', 1) },
            // @ts-expect-error a map key is a string
            { actions: set(c.m, 1, 1) },
            // @ts-expect-error at() on a list reads one of its fields
            { guard: gt(at(p.assets, 0, 'nope'), 1) },
            // @ts-expect-error a map has no size: it cannot be iterated
            { actions: forEach(c.m, () => log('x')) },
            // @ts-expect-error clamp() takes integers
            { actions: assign({ n: clamp(p.assets, 0, 1) }) },
            // @ts-expect-error a loop body reads only fields of the event (tick has none)
            { actions: forEach(p.assets, (a) => set(c.m, a.token, ev.quantity)) },
          ],
        },
      },
    },
  }),
})

const riskParams = z.object({
  base: processId(),
  quote: processId(),
  pool: processId(),
  cap: quantity(),
  budget: quantity(),
  label: z.string(),
  safe: z.boolean(),
})
const idle = () => ({ initial: 'a', states: { a: {} } }) as const

export const riskValid = defineStrategy({
  id: 'risk',
  params: riskParams,
  tokens: ['base', 'quote'],
  risk: {
    reduceOnly: { param: 'safe', numeraire: 'quote' },
    limits: {
      quote: { perTrade: 'cap', perDay: 'cap', slippage: { budget: 'budget', refillPerDay: 'cap' } },
    },
  },
  machine: ({ ev, assign, swap, p }) => ({
    initial: 'a',
    states: {
      a: {
        on: {
          'order.refused': { actions: assign({}) },
          quote: {
            actions: swap({
              pool: p.pool,
              tokenIn: p.quote,
              tokenOut: p.base,
              amountIn: 1,
              minOut: 1,
              quoted: ev.output,
            }),
          },
        },
      },
    },
  }),
})

const riskBase = {
  id: 'risk-bad',
  params: riskParams,
  tokens: ['base', 'quote'] as ('base' | 'quote')[],
  machine: idle,
}
// @ts-expect-error reduceOnly is switched by a boolean param
defineStrategy({ ...riskBase, risk: { reduceOnly: { param: 'cap', numeraire: 'quote' } } })
// @ts-expect-error the numeraire is a token param
defineStrategy({ ...riskBase, risk: { reduceOnly: { param: 'safe', numeraire: 'pool' } } })
// @ts-expect-error limits are per token param
defineStrategy({ ...riskBase, risk: { limits: { pool: { perTrade: 'cap' } } } })
// @ts-expect-error a cap names an integer param
defineStrategy({ ...riskBase, risk: { limits: { quote: { perTrade: 'label' } } } })
// @ts-expect-error a cap names a declared param
defineStrategy({ ...riskBase, risk: { limits: { quote: { perDay: 'nope' } } } })
// @ts-expect-error no such limit
defineStrategy({ ...riskBase, risk: { limits: { quote: { weekly: 'cap' } } } })
// @ts-expect-error a slippage budget needs its refill rate
defineStrategy({ ...riskBase, risk: { limits: { base: { slippage: { budget: 'budget' } } } } })

defineStrategy({
  id: 'risk-events',
  params: riskParams,
  tokens: ['base', 'quote'],
  context: { n: 0n, why: '' },
  machine: ({ ev, assign }) => ({
    initial: 'a',
    states: {
      a: {
        on: {
          'order.refused': [
            { actions: assign({ why: ev.reason, n: ev.amount }) },
            // @ts-expect-error order.refused carries no output
            { actions: assign({ n: ev.output }) },
          ],
        },
      },
    },
  }),
})

// ask(): reply names, reply events and `ev.*` fields typed from the strategy's zod reply schemas
export const asking = defineStrategy({
  id: 'asking',
  params,
  tokens: ['base', 'quote'],
  replies: {
    signal: z.object({ 'Signal-Bps': z.bigint(), Asset: z.string().max(64), up: z.boolean() }),
  },
  context: { n: 0n, note: '', on: false },
  machine: ({ p, c, ev, ask, assign, add }) => ({
    initial: 'idle',
    states: {
      idle: {
        on: {
          tick: [
            {
              target: 'waiting',
              actions: ask({
                reply: 'signal',
                process: p.pool,
                action: 'Get-Signal',
                tags: { Asset: p.label },
                echo: ['Asset'],
                timeoutMs: 5000,
              }),
            },
            // @ts-expect-error ask() names a reply the strategy does not declare
            { actions: ask({ reply: 'oracle', process: p.pool, action: 'Get', timeoutMs: 5000 }) },
            {
              // @ts-expect-error echo names a tag the request does not carry
              actions: ask({ reply: 'signal', process: p.pool, action: 'G', timeoutMs: 1, echo: ['Asset'] }),
            },
            // @ts-expect-error timeoutMs is an integer
            { actions: ask({ reply: 'signal', process: p.pool, action: 'Get', timeoutMs: 'soon' }) },
            // @ts-expect-error ask() needs a timeout
            { actions: ask({ reply: 'signal', process: p.pool, action: 'Get' }) },
            // @ts-expect-error ask() takes no argument `target` (it is `process`)
            { actions: ask({ reply: 'signal', target: p.pool, action: 'Get', timeoutMs: 1 }) },
          ],
        },
      },
      waiting: {
        on: {
          'reply.signal': [
            { target: 'idle', actions: assign({ n: add(c.n, ev['Signal-Bps']), note: ev.Asset, on: ev.up }) },
            { actions: assign({ note: ev.from }) },
            // @ts-expect-error a reply string field is not an int
            { actions: assign({ n: ev.Asset }) },
            // @ts-expect-error the reply has no field `Price`
            { actions: assign({ n: ev.Price }) },
            // @ts-expect-error reply.signal carries no `reason` (reply.signal.invalid does)
            { actions: assign({ note: ev.reason }) },
          ],
          'reply.signal.invalid': [
            { target: 'idle', actions: assign({ note: ev.reason }) },
            // @ts-expect-error an invalid reply has no schema fields
            { actions: assign({ n: ev['Signal-Bps'] }) },
          ],
          'reply.signal.timeout': [
            { target: 'idle', actions: assign({ note: ev.order }) },
            // @ts-expect-error a timeout carries only the order
            { actions: assign({ note: ev.from }) },
          ],
          // @ts-expect-error no reply named `oracle` is declared
          'reply.oracle': 'idle',
        },
      },
    },
  }),
})

// poolInfo(): arguments and the `ev.*` fields of info / info.failed / info.timeout
export const poolReading = defineStrategy({
  id: 'pool-reading',
  params,
  tokens: ['base', 'quote'],
  context,
  machine: ({ p, c, ev, poolInfo, assign, add }) => ({
    initial: 'idle',
    states: {
      idle: {
        on: {
          tick: [
            { target: 'reading', actions: poolInfo({ pool: p.pool, timeoutMs: 5000 }) },
            // @ts-expect-error poolInfo() needs a timeout
            { actions: poolInfo({ pool: p.pool }) },
            // @ts-expect-error the pool is a process id string, not an int
            { actions: poolInfo({ pool: p.amount, timeoutMs: 5000 }) },
            // @ts-expect-error poolInfo() takes no `tokenIn` (the reply names the pair)
            { actions: poolInfo({ pool: p.pool, tokenIn: p.base, timeoutMs: 5000 }) },
          ],
        },
      },
      reading: {
        on: {
          info: [
            { target: 'idle', actions: assign({ n: add(c.n, ev.feeBps), note: ev.tokenA }) },
            { actions: assign({ n: ev.totalSupply, note: ev.tokenB }) },
            // @ts-expect-error tokenA is a string, not an int
            { actions: assign({ n: ev.tokenA }) },
            // @ts-expect-error info carries no `reason` (info.failed does)
            { actions: assign({ note: ev.reason }) },
          ],
          'info.failed': { target: 'idle', actions: assign({ note: ev.reason }) },
          'info.timeout': [
            { target: 'idle', actions: assign({ note: ev.pool }) },
            // @ts-expect-error a timeout carries no fee
            { actions: assign({ n: ev.feeBps }) },
          ],
        },
      },
    },
  }),
})

// reserves(): an optional timeoutMs, and the `ev.*` fields of reserves / reserves.timeout
export const reservesReading = defineStrategy({
  id: 'reserves-reading',
  params,
  tokens: ['base', 'quote'],
  context,
  machine: ({ p, c, ev, reserves, assign, add }) => ({
    initial: 'idle',
    states: {
      idle: {
        on: {
          tick: [
            { target: 'reading', actions: reserves({ pool: p.pool, tokenIn: p.base, tokenOut: p.quote }) },
            { actions: reserves({ pool: p.pool, tokenIn: p.base, tokenOut: p.quote, timeoutMs: 5000 }) },
            // @ts-expect-error the timeout is an int, not a string
            { actions: reserves({ pool: p.pool, tokenIn: p.base, tokenOut: p.quote, timeoutMs: 'soon' }) },
            // @ts-expect-error reserves() takes no `after` (its timeout is timeoutMs)
            { actions: reserves({ pool: p.pool, tokenIn: p.base, tokenOut: p.quote, after: 5000 }) },
          ],
        },
      },
      reading: {
        on: {
          reserves: { target: 'idle', actions: assign({ n: add(c.n, ev.reserveIn) }) },
          'reserves.timeout': [
            { target: 'idle', actions: assign({ note: ev.tokenIn }) },
            // @ts-expect-error a timeout carries no reserves
            { actions: assign({ n: ev.reserveOut }) },
          ],
        },
      },
    },
  }),
})
