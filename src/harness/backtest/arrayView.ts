const INDEX = /^(0|[1-9]\d*)$/

/**
 * A read-only array whose items are made on demand: `at(i)` for every index read, `length()` for its length. To its
 * readers it is an ordinary array (indexing, `length`, iteration, the array methods, `Array.isArray`, JSON), so a
 * long run can keep its series in a compact form (`PackedSamples`, `EventColumns`) and hand out this view. Writing
 * to it throws.
 */
export function arrayView<T>(length: () => number, at: (i: number) => T): T[] {
  const index = (p: string | symbol) =>
    typeof p === 'string' && INDEX.test(p) && Number(p) < length() ? Number(p) : -1
  const readOnly = () => {
    throw new TypeError('this array is a read-only view of a packed series')
  }
  return new Proxy([] as T[], {
    get: (target, p, receiver) => {
      if (p === 'length') return length()
      const i = index(p)
      return i >= 0 ? at(i) : Reflect.get(target, p, receiver)
    },
    has: (target, p) => index(p) >= 0 || Reflect.has(target, p),
    ownKeys: () => Array.from({ length: length() }, (_, i) => String(i)).concat('length'),
    getOwnPropertyDescriptor: (target, p) => {
      if (p === 'length') return { ...Reflect.getOwnPropertyDescriptor(target, p), value: length() }
      const i = index(p)
      return i >= 0 ? { value: at(i), writable: false, enumerable: true, configurable: true } : undefined
    },
    set: readOnly,
    defineProperty: readOnly,
    deleteProperty: readOnly,
  })
}
