import { SuRequestError } from '../../errors/harness.ts'

export interface FetchRetry {
  retries: number
  backoffMs: number
  fetch: typeof fetch
  sleep?: (ms: number) => Promise<void>
}

const sleepMs = (ms: number) => new Promise<void>((r) => setTimeout(r, ms))

/**
 * GETs JSON with exponential backoff on network errors, 5xx and 429. Other 4xx fail at once (retrying a bad
 * request cannot help). Returns `undefined` for 404 when `allow404` is set.
 */
export async function getJson(url: string, o: FetchRetry & { allow404?: boolean }): Promise<unknown> {
  let last = ''
  const sleep = o.sleep ?? sleepMs
  for (let attempt = 0; attempt <= o.retries; attempt++) {
    if (attempt > 0) await sleep(o.backoffMs * 2 ** (attempt - 1))
    let res: Response
    try {
      res = await o.fetch(url, { headers: { accept: 'application/json' } })
    } catch (e) {
      last = `network error: ${(e as Error).message}`
      continue
    }
    if (res.status === 404 && o.allow404) return undefined
    if (res.status >= 500 || res.status === 429) {
      last = `HTTP ${res.status}`
      await res.body?.cancel()
      continue
    }
    const text = await res.text()
    if (!res.ok)
      throw new SuRequestError({
        url,
        attempts: attempt + 1,
        reason: `HTTP ${res.status}: ${text.slice(0, 200)}`,
      })
    try {
      return JSON.parse(text)
    } catch {
      last = `response is not JSON: ${text.slice(0, 120)}`
    }
  }
  throw new SuRequestError({ url, attempts: o.retries + 1, reason: last })
}
