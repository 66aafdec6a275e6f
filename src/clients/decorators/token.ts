import type { Client } from '../createClient.ts'
import { type GetBalanceParameters, getBalance } from '../token/getBalance.ts'
import { type GetBalancesParameters, getBalances } from '../token/getBalances.ts'
import { type GetInfoParameters, getInfo } from '../token/getInfo.ts'
import { type TransferParameters, transfer } from '../token/transfer.ts'

/** Binds the token actions to a client: `createClient(...).extend(tokenActions)`. */
export function tokenActions(client: Client) {
  return {
    getInfo: (p: GetInfoParameters) => getInfo(client, p),
    getBalance: (p: GetBalanceParameters) => getBalance(client, p),
    getBalances: (p: GetBalancesParameters) => getBalances(client, p),
    transfer: (p: TransferParameters) => transfer(client, p),
  }
}
