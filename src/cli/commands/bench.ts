import { readdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { Command } from 'commander'
import { writeOutput } from '../output.ts'

export interface BenchResult {
  name: string
  unit: string
  median: number
  p95?: number
  target?: string
  ok?: boolean
  note?: string
}

/** `npm run bench`: runs every bench/*.bench.ts and prints one table (speed lives here, never in unit tests). */
export function register(program: Command): void {
  program
    .command('bench')
    .description('run the benchmarks in bench/*.bench.ts')
    .option('--only <substring>', 'run only benchmark files whose name contains this')
    .option('--json', 'print the results as JSON on stdout (instead of the table)')
    .option('-o, --json-file <file>', 'also write the results as JSON to a file')
    .action(async (o) => {
      const files = readdirSync('bench')
        .filter((f) => f.endsWith('.bench.ts') && (!o.only || f.includes(o.only)))
        .sort()
      const all: BenchResult[] = []
      for (const f of files) {
        const mod = await import(pathToFileURL(resolve(join('bench', f))).href)
        const rows: BenchResult[] = await mod.run()
        for (const r of rows) {
          all.push(r)
          const p95 = r.p95 !== undefined ? `  p95 ${r.p95.toFixed(2)}` : ''
          const verdict = r.ok === undefined ? '' : r.ok ? '  ok' : '  MISSED'
          if (!o.json)
            process.stdout.write(
              `${r.name.padEnd(58)} ${String(typeof r.median === 'number' && !Number.isInteger(r.median) ? r.median.toFixed(2) : r.median).padStart(10)} ${r.unit}${p95}${r.target ? `  (target ${r.target})` : ''}${verdict}${r.note ? `  ${r.note}` : ''}\n`,
            )
        }
      }
      const text = `${JSON.stringify(all, null, 2)}\n`
      if (o.json) process.stdout.write(text)
      if (o.jsonFile) writeOutput(o.jsonFile, text)
      if (all.some((r) => r.ok === false)) process.exitCode = 1
    })
}
