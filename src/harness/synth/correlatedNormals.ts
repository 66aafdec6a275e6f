import { BacktestConfigError } from '../../errors/harness.ts'
import type { Prng } from './Prng.ts'

/**
 * Lower-triangular Cholesky factor L of a correlation matrix (L·Lᵀ = C). Only +, −, ×, ÷ and √ are used, which IEEE 754
 * rounds exactly the same on every machine, in a fixed order, so the factor is identical across runs and platforms.
 * A matrix that is not symmetric, has a diagonal other than 1, or is not positive definite is refused.
 */
export function cholesky(c: number[][]): number[][] {
  const n = c.length
  for (let i = 0; i < n; i++) {
    if (c[i].length !== n)
      throw new BacktestConfigError(`correlation matrix row ${i} has ${c[i].length} entries, expected ${n}`)
    if (c[i][i] !== 1)
      throw new BacktestConfigError(`correlation matrix: entry [${i}][${i}] must be 1, got ${c[i][i]}`)
    for (let j = 0; j < n; j++) {
      if (c[i][j] !== c[j][i])
        throw new BacktestConfigError(`correlation matrix is not symmetric at [${i}][${j}]`)
      if (!(c[i][j] >= -1 && c[i][j] <= 1))
        throw new BacktestConfigError(
          `correlation matrix: entry [${i}][${j}] must be in [-1, 1], got ${c[i][j]}`,
        )
    }
  }
  const l = c.map(() => new Array<number>(n).fill(0))
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = c[i][j]
      for (let k = 0; k < j; k++) s -= l[i][k] * l[j][k]
      if (i === j) {
        if (!(s > 1e-12))
          throw new BacktestConfigError('correlation matrix is not positive definite (no Cholesky factor)', [
            'With one correlation ρ for every pair of n assets, ρ must be above −1/(n−1).',
          ])
        l[i][i] = Math.sqrt(s)
      } else l[i][j] = s / l[j][j]
    }
  }
  return l
}

/** The matrix with 1 on the diagonal and `rho` everywhere else. */
export function uniformCorrelation(n: number, rho: number): number[][] {
  return Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : rho)))
}

/** Scale of the fixed-point returns `CorrelatedNormals.next` hands out: parts per billion. */
export const PPB = 1_000_000_000

/**
 * Correlated standard-normal draws as integers: independent Irwin–Hall normals from the integer PRNG, mixed by the
 * Cholesky factor (floats, fixed order), then rounded explicitly to parts per billion. Only the random path uses
 * floating point; everything downstream is bigint.
 */
export class CorrelatedNormals {
  private readonly l: number[][]
  constructor(
    private readonly rng: Prng,
    correlation: number[][],
  ) {
    this.l = cholesky(correlation)
  }

  /** One draw per asset, each a standard normal × 1e9, rounded half away from zero to an integer. */
  next(): bigint[] {
    const z = this.l.map(() => Number(this.rng.normal(BigInt(PPB))) / PPB)
    return this.l.map((row) => {
      let y = 0
      for (let k = 0; k < row.length; k++) if (row[k] !== 0) y += row[k] * z[k]
      const r = Math.round(Math.abs(y) * PPB)
      return BigInt(y < 0 ? -r : r)
    })
  }
}
