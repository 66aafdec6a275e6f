export interface BenchResult {
  name: string
  unit: string
  median: number
  p95?: number
  target?: string
  ok?: boolean
  note?: string
}
