/** Colours only on a terminal, and never when `NO_COLOR` is set to anything non-empty (no-color.org). */
export function colorEnabled(stream: { isTTY?: boolean } = process.stdout): boolean {
  return stream.isTTY === true && !process.env.NO_COLOR
}
