import { connect } from '@permaweb/aoconnect'
import type { Tag } from '../../ao/message.ts'
import { TransportError } from '../../errors/client.ts'
import { type AoResult, type ChainMessage, createTransport, type Transport } from './createTransport.ts'

export type AoconnectTransportOptions =
  | {
      mode: 'legacy'
      MU_URL?: string
      CU_URL?: string
      GATEWAY_URL?: string
      GRAPHQL_URL?: string
      pollMs?: number
    }
  | {
      mode: 'mainnet'
      URL?: string
      SCHEDULER?: string
      GATEWAY_URL?: string
      GRAPHQL_URL?: string
      pollMs?: number
    }

const PUSHED_FOR_QUERY = `query PushedFor($tags: [TagFilter!], $recipients: [String!], $first: Int, $after: String) {
  transactions(tags: $tags, recipients: $recipients, first: $first, after: $after, sort: HEIGHT_ASC) {
    pageInfo { hasNextPage }
    edges { cursor node { id recipient owner { address } tags { name value } } }
  }
}`

/**
 * Live AO through `@permaweb/aoconnect` (legacy MU/CU, or a HyperBEAM node in mainnet mode). Chains are followed
 * through the gateway's GraphQL (`Pushed-For` tag), as wallets do. Mainnet mode is wired to aoconnect's mainnet API
 * but has only been exercised offline (no live node is reachable from the test environment).
 *
 * @example
 * const transport = aoconnect({ mode: 'legacy', MU_URL, CU_URL, GATEWAY_URL })
 */
export function aoconnect(o: AoconnectTransportOptions): Transport {
  const name = `aoconnect-${o.mode}`
  type Ao = {
    message(a: unknown): Promise<string>
    result(a: unknown): Promise<AoResult>
    dryrun(a: unknown): Promise<AoResult>
  }
  // Legacy mode signs per call; mainnet mode binds the signer at connect time, so keep one connection per signer.
  const connections = new Map<unknown, Ao>()
  const conn = (signer?: unknown): Ao => {
    let c = connections.get(signer)
    if (!c) {
      c = (o.mode === 'legacy'
        ? connect({
            MODE: 'legacy',
            MU_URL: o.MU_URL,
            CU_URL: o.CU_URL,
            GATEWAY_URL: o.GATEWAY_URL,
            GRAPHQL_URL: o.GRAPHQL_URL,
            noLog: true,
          } as never)
        : connect({
            MODE: 'mainnet',
            URL: o.URL,
            SCHEDULER: o.SCHEDULER,
            signer,
            noLog: true,
          } as never)) as unknown as Ao
      connections.set(signer, c)
    }
    return c
  }
  const ao = conn(undefined)
  const graphqlUrl = o.GRAPHQL_URL ?? `${(o.GATEWAY_URL ?? 'https://arweave.net').replace(/\/$/, '')}/graphql`
  const pollMs = o.pollMs ?? (o.mode === 'legacy' && o.MU_URL?.includes('127.0.0.1') ? 25 : 2000)
  const guard = async <T>(what: string, f: () => Promise<T>): Promise<T> => {
    try {
      return await f()
    } catch (cause) {
      throw new TransportError(name, `${what} failed`, { cause })
    }
  }
  return createTransport({
    type: 'aoconnect',
    name,
    message: async ({ process, tags, data, account }) => {
      if (!account.signer)
        throw new TransportError(name, 'sending a message needs a signer (createSigner(jwk))')
      const c = o.mode === 'legacy' ? ao : conn(account.signer)
      // mainnet `message` returns the slot unless asked for the id; chains are followed by id (`Pushed-For`).
      return guard(`message to ${process}`, () =>
        c.message({
          process,
          tags,
          data: data ?? '',
          signer: account.signer,
          returnMessageId: o.mode === 'mainnet',
        }),
      )
    },
    result: ({ process, message }) => guard(`result of ${message}`, () => ao.result({ process, message })),
    dryrun: ({ process, tags, data, owner }) =>
      guard(`dry-run on ${process}`, () =>
        ao.dryrun({ process, tags, data, ...(owner ? { Owner: owner } : {}) }),
      ),
    pushedFor: ({ message, recipient }) => queryPushedFor(name, graphqlUrl, message, recipient),
    wait: () => new Promise((r) => setTimeout(r, pollMs)),
  })
}

async function queryPushedFor(
  name: string,
  url: string,
  message: string,
  recipient?: string,
): Promise<ChainMessage[]> {
  const out: ChainMessage[] = []
  let after: string | undefined
  for (;;) {
    const variables = {
      tags: [{ name: 'Pushed-For', values: [message] }],
      ...(recipient ? { recipients: [recipient] } : {}),
      first: 100,
      after,
    }
    let json: {
      data?: {
        transactions: {
          pageInfo: { hasNextPage: boolean }
          edges: { cursor: string; node: { id: string; recipient: string; tags: Tag[] } }[]
        }
      }
      errors?: unknown
    }
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: PUSHED_FOR_QUERY, variables }),
      })
      if (!res.ok) throw new Error(`HTTP ${res.status}: ${await res.text()}`)
      json = await res.json()
    } catch (cause) {
      throw new TransportError(name, 'GraphQL query for Pushed-For failed', { url, cause })
    }
    if (!json.data)
      throw new TransportError(name, `GraphQL answered with errors: ${JSON.stringify(json.errors)}`, { url })
    const { edges, pageInfo } = json.data.transactions
    for (const e of edges)
      out.push({
        id: e.node.id,
        from: e.node.tags.find((t) => t.name === 'From-Process')?.value ?? '',
        target: e.node.recipient,
        tags: e.node.tags,
      })
    if (!pageInfo.hasNextPage || edges.length === 0) return out
    after = edges[edges.length - 1].cursor
  }
}
