/** `o[k]` only for the object's own keys, so wire strings like `constructor` or `__proto__` never reach built-ins. */
export function own<T>(o: Record<string, T>, k: unknown): T | undefined {
  return typeof k === 'string' && Object.hasOwn(o, k) ? o[k] : undefined
}
