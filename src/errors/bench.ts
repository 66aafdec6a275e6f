import { BaseError } from './BaseError.ts'

/** `npm run bench -- --write` would have to overwrite hand-written text of BENCHMARKS.md: it refuses instead. */
export class BenchmarksFileError extends BaseError {
  override name = 'BenchmarksFileError'
  constructor(file: string, problem: string, hint: string) {
    super(`Cannot update ${file}: ${problem}`, { metaMessages: [`hint: ${hint}`] })
  }
}
