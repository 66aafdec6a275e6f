import { defineConfig } from 'vitest/config'

// `afk` (agents import the package entry) resolves to the TS sources through the `afk-source` export condition
const conditions = ['afk-source', 'node', 'import', 'module', 'default']

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: ['afk-source'] } },
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts', 'agents/**/*.test.ts'],
    // aos is a wasm64 module: every worker needs memory64 (src/ao/memory64.ts also sets it at runtime).
    pool: 'forks',
    // afk-source also reaches worker threads and child node processes started from tests
    execArgv: ['--experimental-wasm-memory64', '--conditions=afk-source'],
    // the TS runtime's rollback copies share context/params values: in tests they are frozen, so an in-place change
    // fails loudly (src/engine/runtime/copyState.ts)
    env: { AFK_CHECK_SHARED: '1' },
    testTimeout: 120_000,
    hookTimeout: 120_000,
    globalSetup: [],
  },
})
