import type { EquitySample } from '../report/types.ts'

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

const INDEX = /^(0|[1-9]\d*)$/

/**
 * Equity samples kept as one short JSON text each (well under half the memory of the objects: a long run holds one
 * sample per agent tick until its report is written), read back through `view`, an ordinary read-only array:
 * indexing, `length`, iteration and the array methods decode the sample asked for (a fresh object each time, equal
 * to the one pushed). Writing to the view throws.
 */
export class PackedSamples {
  private readonly rows: string[] = []
  readonly view: EquitySample[]

  constructor() {
    const rows = this.rows
    const index = (p: string | symbol) =>
      typeof p === 'string' && INDEX.test(p) && Number(p) < rows.length ? Number(p) : -1
    const readOnly = () => {
      throw new TypeError('the samples of a packed run are read-only')
    }
    this.view = new Proxy([] as EquitySample[], {
      get: (target, p, receiver) => {
        if (p === 'length') return rows.length
        const i = index(p)
        return i >= 0 ? unpack(rows[i]) : Reflect.get(target, p, receiver)
      },
      has: (target, p) => index(p) >= 0 || Reflect.has(target, p),
      ownKeys: () => [...rows.keys()].map(String).concat('length'),
      getOwnPropertyDescriptor: (target, p) => {
        if (p === 'length') return { ...Reflect.getOwnPropertyDescriptor(target, p), value: rows.length }
        const i = index(p)
        return i >= 0
          ? { value: unpack(rows[i]), writable: false, enumerable: true, configurable: true }
          : undefined
      },
      set: readOnly,
      defineProperty: readOnly,
      deleteProperty: readOnly,
    })
  }

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
