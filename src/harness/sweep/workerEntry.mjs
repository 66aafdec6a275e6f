// Worker-thread entry for sweeps: workers do not inherit the parent's TS loader, so register tsx here, then load
// the TypeScript worker. (V8 flags cannot go in a worker's execArgv; the worker enables memory64 at runtime.)
import { register } from 'tsx/esm/api'

register()
await import('./sweepWorker.ts')
