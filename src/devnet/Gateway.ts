import type { Tag } from '../ao/message.ts'

/** A transaction / data item as the devnet gateway indexes it. */
export interface IndexedItem {
  id: string
  owner: { address: string; key: string }
  recipient: string
  anchor: string
  tags: Tag[]
  data: string
  timestamp: number
  blockHeight: number
}

/** Filter of the Arweave GraphQL `transactions` query (the subset the devnet answers). */
export interface TransactionsFilter {
  ids?: string[]
  recipients?: string[]
  owners?: string[]
  tags?: { name: string; values: string[] }[]
  first?: number
  after?: string
  sort?: 'HEIGHT_ASC' | 'HEIGHT_DESC'
}

/**
 * The devnet gateway: indexes every data item that enters the devnet (modules, processes, messages — including
 * messages to wallets, which no process evaluates) and answers the Arweave GraphQL `transactions` query that
 * aoconnect sends during spawn and that afk's clients use to follow `Pushed-For` chains.
 *
 * Only the query *arguments* are interpreted, and only when passed as GraphQL variables (`$ids`/`$transactionIds`,
 * `$recipients`, `$owners`, `$tags`, `$first`, `$after`, `$sort`); every node carries all fields regardless of the
 * selection set.
 */
export class Gateway {
  private readonly items: IndexedItem[] = []
  private readonly byId = new Map<string, IndexedItem>()

  add(item: IndexedItem): void {
    if (this.byId.has(item.id)) return
    this.items.push(item)
    this.byId.set(item.id, item)
  }

  get(id: string): IndexedItem | undefined {
    return this.byId.get(id)
  }

  transactions(f: TransactionsFilter): {
    pageInfo: { hasNextPage: boolean }
    edges: { cursor: string; node: unknown }[]
  } {
    let list: { item: IndexedItem; index: number }[] = this.items.map((item, index) => ({ item, index }))
    if (f.ids) {
      const want = new Set(f.ids)
      list = list.filter((x) => want.has(x.item.id))
    }
    if (f.recipients) {
      const want = new Set(f.recipients)
      list = list.filter((x) => want.has(x.item.recipient))
    }
    if (f.owners) {
      const want = new Set(f.owners)
      list = list.filter((x) => want.has(x.item.owner.address))
    }
    for (const t of f.tags ?? [])
      list = list.filter((x) => x.item.tags.some((it) => it.name === t.name && t.values.includes(it.value)))
    if (f.sort === 'HEIGHT_DESC') list.reverse()
    if (f.after !== undefined) {
      const at = list.findIndex((x) => String(x.index) === f.after)
      list = at >= 0 ? list.slice(at + 1) : list
    }
    const first = Math.min(f.first ?? 10, 1000)
    const page = list.slice(0, first)
    return {
      pageInfo: { hasNextPage: list.length > page.length },
      edges: page.map(({ item, index }) => ({
        cursor: String(index),
        node: {
          id: item.id,
          anchor: item.anchor,
          recipient: item.recipient,
          owner: item.owner,
          tags: item.tags,
          data: {
            size: String(Buffer.byteLength(item.data)),
            type: item.tags.find((t) => t.name === 'Content-Type')?.value ?? null,
          },
          block: {
            id: `devnet-block-${item.blockHeight}`,
            height: item.blockHeight,
            timestamp: Math.floor(item.timestamp / 1000),
          },
          ingested_at: Math.floor(item.timestamp / 1000),
        },
      })),
    }
  }

  /** Answers a GraphQL POST body. Unsupported queries get a GraphQL `errors` array naming what is supported. */
  graphql(body: { query?: string; variables?: Record<string, unknown> }): unknown {
    const q = body.query ?? ''
    if (!/\btransactions\s*\(/.test(q))
      return {
        errors: [
          {
            message:
              'The afk devnet gateway only answers `transactions(...)` queries (arguments as variables).',
          },
        ],
      }
    const v = body.variables ?? {}
    const ids = (v.ids ?? v.transactionIds) as string[] | undefined
    return {
      data: {
        transactions: this.transactions({
          ids,
          recipients: v.recipients as string[] | undefined,
          owners: v.owners as string[] | undefined,
          tags: v.tags as TransactionsFilter['tags'],
          first: v.first as number | undefined,
          after: v.after as string | undefined,
          sort: v.sort as TransactionsFilter['sort'],
        }),
      },
    }
  }
}
