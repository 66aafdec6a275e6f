/** Edit distance (insert, delete, substitute, swap of neighbours): small typos such as `amonut` → `amount`. */
function distance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array(b.length).fill(0)])
  for (let j = 1; j <= b.length; j++) d[0][j] = j
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1)
    }
  return d[a.length][b.length]
}

/** `did you mean 'amount'?` for the closest known name within a third of its length, else a list of the names. */
export function didYouMean(name: string, known: string[]): string {
  let best: string | undefined
  let bestD = Number.POSITIVE_INFINITY
  for (const k of known) {
    const dist = distance(name.toLowerCase(), k.toLowerCase())
    if (dist < bestD) {
      bestD = dist
      best = k
    }
  }
  if (best !== undefined && bestD <= Math.max(1, Math.floor(best.length / 3)))
    return `did you mean '${best}'?`
  return known.length ? `known params: ${known.join(', ')}` : 'this strategy has no params'
}
