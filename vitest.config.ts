import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts', 'agents/**/*.test.ts'],
    // aos is a wasm64 module: every worker needs memory64 (src/ao/memory64.ts also sets it at runtime).
    pool: 'forks',
    execArgv: ['--experimental-wasm-memory64'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    globalSetup: [],
  },
})
