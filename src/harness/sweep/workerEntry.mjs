// Entry of a sweep worker (a thread, or a child process forked by processPool.ts): register tsx here so the worker
// loads TypeScript whatever its parent was started with, then load the worker. (V8 flags cannot go in a worker
// thread's execArgv; the worker enables memory64 at runtime.)
import { existsSync } from 'node:fs'
import { register } from 'tsx/esm/api'

register()
// beside the sources the worker is TypeScript; in the built package (dist/) it is JavaScript
const ts = new URL('./sweepWorker.ts', import.meta.url)
await import(existsSync(ts) ? ts.href : new URL('./sweepWorker.js', import.meta.url).href)
