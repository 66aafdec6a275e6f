import { stableStringify } from '../report/stableJson.ts'
import { RANK_METRIC_NAMES } from './rankMetrics.ts'
import type { SweepResult } from './runSweep.ts'

/** RFC 4180 field: quoted when it holds a comma, quote or newline. */
const field = (v: unknown) => {
  const s = v === null || v === undefined ? '' : String(v)
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

/** Ranked sweep as CSV: rank, one column per grid param, score, metrics (train./test. prefixed when walking forward), error. */
export function formatSweepCsv(result: SweepResult): string {
  const names = result.grid.map((a) => a.name)
  const groups: [string, 'metrics' | 'train' | 'test'][] =
    result.walkForward === null
      ? [['', 'metrics']]
      : [
          ['train.', 'train'],
          ['test.', 'test'],
          ['full.', 'metrics'],
        ]
  const header = [
    'rank',
    ...names,
    `score(${result.rankBy})`,
    ...groups.flatMap(([p]) => RANK_METRIC_NAMES.map((m) => `${p}${m}`)),
    'error',
  ]
  const lines = [header.map(field).join(',')]
  for (const row of result.rows) {
    const cells = [
      row.rank,
      ...names.map((n) => row.params[n]),
      row.score,
      ...groups.flatMap(([, g]) => RANK_METRIC_NAMES.map((m) => row[g]?.[m] ?? null)),
      row.error ?? '',
    ]
    lines.push(cells.map(field).join(','))
  }
  return `${lines.join('\n')}\n`
}

/** Ranked sweep as byte-stable JSON (rows keep their rank order; keys sorted; the worker count is left out so
 * the file is the same whatever the machine). */
export function formatSweepJson(result: SweepResult): string {
  return stableStringify({ ...result, workers: undefined })
}

/** A short aligned table of the best rows for the terminal. */
export function formatSweepTable(result: SweepResult, top = 10): string {
  const names = result.grid.map((a) => a.name)
  const head = [
    '#',
    ...names,
    result.rankBy,
    ...(result.walkForward === null ? ['twr', 'maxDrawdown'] : [`test.${result.rankBy}`, 'test.twr']),
  ]
  const rows = result.rows
    .slice(0, top)
    .map((r) => [
      String(r.rank),
      ...names.map((n) => String(r.params[n])),
      r.error ? 'error' : (r.score ?? 'n/a'),
      ...(result.walkForward === null
        ? [r.metrics?.twr ?? '', r.metrics?.maxDrawdown ?? '']
        : [r.test?.[result.rankBy] ?? 'n/a', r.test?.twr ?? '']),
    ])
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)))
  const line = (cells: string[]) => cells.map((c, i) => c.padStart(widths[i])).join('  ')
  return `${[line(head), ...rows.map(line)].join('\n')}\n`
}
