import type { EquitySample } from '../report/types.ts'
import { arrayView } from './arrayView.ts'

/** The fields of a sample in their packed order (the order `equitySample` builds them in). */
const FIELDS = [
  't',
  'price',
  'base',
  'quote',
  'valueSpot',
  'valueLiquidation',
  'baseline',
  'reserveBase',
  'reserveQuote',
  'state',
  'weights',
  'targetWeights',
] as const

function pack(s: EquitySample): string {
  const row: unknown[] = FIELDS.map((k) => s[k])
  while (row.length && row[row.length - 1] === undefined) row.pop()
  return JSON.stringify(row)
}

function unpack(text: string): EquitySample {
  const row = JSON.parse(text) as unknown[]
  const s: Record<string, unknown> = {}
  row.forEach((v, i) => {
    if (v !== undefined && v !== null) s[FIELDS[i]] = v
  })
  return s as unknown as EquitySample
}

/**
 * Equity samples kept as one short JSON text each (well under half the memory of the objects: a long run holds one
 * sample per agent tick until its report is written), read back through `view` (`arrayView`: an ordinary read-only
 * array; every read decodes a fresh object equal to the one pushed).
 */
export class PackedSamples {
  private readonly rows: string[] = []
  readonly view: EquitySample[] = arrayView(
    () => this.rows.length,
    (i) => unpack(this.rows[i]),
  )

  get length(): number {
    return this.rows.length
  }

  /** time of the last sample, if any */
  lastT(): number | undefined {
    const last = this.rows[this.rows.length - 1]
    return last === undefined ? undefined : (JSON.parse(last) as [number])[0]
  }

  push(s: EquitySample): void {
    this.rows.push(pack(s))
  }

  pop(): void {
    this.rows.pop()
  }
}
