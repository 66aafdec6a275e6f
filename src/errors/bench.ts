import { BaseError } from './BaseError.ts'

/** `npm run bench -- --write` would have to overwrite hand-written text of BENCHMARKS.md: it refuses instead. */
export class BenchmarksFileError extends BaseError {
  override name = 'BenchmarksFileError'
  constructor(file: string, problem: string, hint: string) {
    super(`Cannot update ${file}: ${problem}`, { metaMessages: [`hint: ${hint}`] })
  }
}

/** `npm run bench -- --only <substring>` names no benchmark file: nothing would be measured. */
export class BenchSelectionError extends BaseError {
  override name = 'BenchSelectionError'
  constructor(only: string, files: string[]) {
    super(`No benchmark file in bench/ matches --only "${only}"`, {
      metaMessages: [`hint: the files are ${files.join(', ') || '(none)'}`],
    })
  }
}
