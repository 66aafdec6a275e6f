/** Entry point for the local AO devnet: `import { startDevnet } from 'afk/devnet'`. */
export { addressOf, createDataItem, type DataItem, parseDataItem } from '../ao/ans104.ts'
export { DevnetClock, type DevnetClockOptions } from './DevnetClock.ts'
export { DevnetNode, type DevnetNodeOptions } from './DevnetNode.ts'
export type { DevnetUrls } from './httpServer.ts'
export { SEED, type SeededProcesses } from './seedDevnet.ts'
export { spawnProcess } from './spawnProcess.ts'
export { type Devnet, type StartDevnetOptions, startDevnet } from './startDevnet.ts'
export { type DevnetWallet, type DevnetWallets, generateWallets } from './wallets.ts'
