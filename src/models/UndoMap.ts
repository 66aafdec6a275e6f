const ABSENT = Symbol('absent')

/**
 * A Map that can undo the changes made since `begin()`: a model's per-message rollback without copying every
 * balance on every message. `set` journals the value it replaces; the first `delete`/`clear` of a transaction keeps
 * a full copy instead (re-inserting a deleted key would change the iteration order that replies and Status expose),
 * which is rare on the hot path. The journal covers one message and is dropped at the next `begin()`.
 */
export class UndoMap<K, V> extends Map<K, V> {
  private journal: Array<[K, V | typeof ABSENT]> | undefined
  private full: Map<K, V> | undefined

  /** Starts a transaction: changes from here on can be undone with `rollback()`. */
  begin(): void {
    this.journal = []
    this.full = undefined
  }

  /** Ends the transaction: later changes are not journaled (and cannot be undone) until the next `begin()`. */
  commit(): void {
    this.journal = undefined
    this.full = undefined
  }

  /** Restores the map (contents and iteration order) as it was at `begin()`. */
  rollback(): void {
    const journal = this.journal
    const full = this.full
    this.journal = undefined
    this.full = undefined
    if (full) {
      super.clear()
      for (const [k, v] of full) super.set(k, v)
      return
    }
    if (!journal) return
    for (let i = journal.length - 1; i >= 0; i--) {
      const [k, old] = journal[i] as [K, V | typeof ABSENT]
      if (old === ABSENT) super.delete(k)
      else super.set(k, old)
    }
  }

  override set(k: K, v: V): this {
    if (this.journal && !this.full) this.journal.push([k, super.has(k) ? (super.get(k) as V) : ABSENT])
    return super.set(k, v)
  }

  override delete(k: K): boolean {
    if (this.journal && !this.full && super.has(k)) this.full = this.copyBefore()
    return super.delete(k)
  }

  override clear(): void {
    if (this.journal && !this.full && this.size > 0) this.full = this.copyBefore()
    super.clear()
  }

  /** The contents at `begin()`: the current map with the journal undone, without touching this map. */
  private copyBefore(): Map<K, V> {
    const copy = new Map<K, V>(this)
    const journal = this.journal as Array<[K, V | typeof ABSENT]>
    for (let i = journal.length - 1; i >= 0; i--) {
      const [k, old] = journal[i] as [K, V | typeof ABSENT]
      if (old === ABSENT) copy.delete(k)
      else copy.set(k, old)
    }
    return copy
  }
}
