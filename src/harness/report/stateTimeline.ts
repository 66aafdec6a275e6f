import type { BacktestRun } from './types.ts'

/** The agent's state over the run: segments between state changes, and the time spent in each state. */
export interface StateTimelineData {
  /** states in order of first appearance */
  states: string[]
  /** [start ms, end ms, index into states] */
  segments: [number, number, number][]
  /** per state: times entered (the initial state counts once) and ms spent, in `states` order */
  summary: { state: string; entries: number; ms: number }[]
}

/**
 * Builds the timeline from `run.events` (state changes) between `meta.start` and `meta.end`; the initial state is the
 * first event's `from`, else the first sample's state. Null when the run recorded no events field (older runs) or no
 * state at all.
 */
export function stateTimeline(run: BacktestRun): StateTimelineData | null {
  const events = run.events
  if (!events) return null
  const initial = events[0]?.from ?? run.samples[0]?.state
  if (initial === undefined) return null
  const { start, end } = run.meta
  const states: string[] = []
  const index = (s: string) => {
    const i = states.indexOf(s)
    if (i >= 0) return i
    states.push(s)
    return states.length - 1
  }
  const segments: [number, number, number][] = []
  let from = start
  let cur = initial
  for (const e of events) {
    const t = Math.min(Math.max(e.t, start), end)
    if (t > from) segments.push([from, t, index(cur)])
    from = t
    cur = e.to
  }
  if (end > from || segments.length === 0) segments.push([from, Math.max(end, from), index(cur)])
  index(initial)
  const summary = states.map((state) => ({ state, entries: 0, ms: 0 }))
  summary[states.indexOf(initial)].entries++
  for (const e of events) summary[index(e.to)].entries++
  for (const [a, b, i] of segments) summary[i].ms += b - a
  return { states, segments, summary }
}
