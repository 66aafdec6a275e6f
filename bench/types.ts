export type { BenchResult } from '../src/cli/commands/bench.ts'
