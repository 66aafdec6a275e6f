// Worker-thread entry for `readLuaGraphBounded`: workers do not inherit the parent's TS loader, so register tsx here.
import { register } from 'tsx/esm/api'

register()
await import('./luaGraphWorker.ts')
