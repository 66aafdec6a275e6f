import type { Command } from 'commander'
import { createWallet, readWallet } from '../../deploy/wallet.ts'
import { DEFAULT_WALLET } from '../deployContext.ts'
import { oneLine } from '../oneLine.ts'

export function register(program: Command): void {
  const cmd = program.command('wallet').description('arweave wallets for deploying and operating agents')
  cmd
    .command('new')
    .description('generate an RSA-4096 wallet into a new file (mode 0600); prints its address, never the key')
    .option('-o, --out <file>', 'wallet file to create (never overwritten)', DEFAULT_WALLET)
    .action(
      oneLine(async (o: { out: string }) => {
        const w = await createWallet(o.out)
        process.stdout.write(`${w.address}\n`)
        process.stderr.write(`wallet written to ${w.file} (mode 0600); back it up, it cannot be recovered\n`)
      }),
    )
  cmd
    .command('address')
    .description('print the address of a wallet file')
    .argument('[file]', 'wallet file', DEFAULT_WALLET)
    .action(
      oneLine(async (file: string) => {
        process.stdout.write(`${readWallet(file).address}\n`)
      }),
    )
}
