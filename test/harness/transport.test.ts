import { describe, expect, it } from 'vitest'
import { makeId } from '../../src/ao/ids.ts'
import { tagValue } from '../../src/ao/message.ts'
import { type SimulatorWorld, simulator } from '../../src/clients/transports/simulator.ts'
import { World } from '../../src/harness/world/World.ts'
import { TokenModel } from '../../src/models/TokenModel.ts'

describe('World as the clients’ simulator transport', () => {
  it('sends, waits for results and follows Pushed-For chains in virtual time', async () => {
    const world = new World({ latency: 500 })
    const alice = makeId('alice')
    const bob = makeId('bob')
    const token = new TokenModel({ id: makeId('tok'), owner: alice, balances: { [alice]: 1000n } })
    world.add(token, { owner: alice, spawnTimestamp: 0, spawnHeight: 0 })
    const w: SimulatorWorld = world
    const t = simulator(w)
    const id = await t.message({
      process: token.id,
      tags: [
        { name: 'Action', value: 'Transfer' },
        { name: 'Recipient', value: bob },
        { name: 'Quantity', value: '250' },
      ],
      account: { address: alice },
    })
    const r = await t.result({ process: token.id, message: id })
    expect(r.Error).toBeUndefined()
    expect(r.Messages.map((m) => tagValue(m.Tags, 'Action')).sort()).toEqual([
      'Credit-Notice',
      'Debit-Notice',
    ])
    await t.wait()
    const chain = await t.pushedFor({ message: id, recipient: bob })
    expect(chain.map((m) => tagValue(m.tags, 'Action'))).toEqual(['Credit-Notice'])
    expect(token.balanceOf(bob)).toBe(250n)
    await expect(
      t.dryrun({ process: token.id, tags: [{ name: 'Action', value: 'Balance' }] }),
    ).rejects.toThrow(/does not support dry-runs/)
  })
})
