/** Thrown by a command for an expected failure that has already been printed; the CLI exits with `code`. */
export class ExitError extends Error {
  override name = 'ExitError'
  constructor(
    readonly code: number,
    message = `exit ${code}`,
  ) {
    super(message)
  }
}
