import { afterEach, describe, expect, it } from 'vitest'
import { addUser, createFirstAdmin } from '../../src/main/core/people/users'
import { CALL_GATES, gateOf } from '../../src/shared/calls/gates'
import type { CallName, CallRequest } from '../../src/shared/contract'
import { aRole, ROLES, rolesFor, type Role } from '../../src/shared/roles'
import { useStores } from '../helpers/engines'
import { serviceHarness, type ServiceHarness } from '../helpers/services'
import { useTmpDirs } from '../helpers/tmp'

const tmp = useTmpDirs()
const open: ServiceHarness[] = []
afterEach(() => {
  while (open.length) open.pop()!.close()
})

/**
 * One argument per gated call, naming things that are not there: past the gate each call fails on its own terms
 * (an unknown dataset, a missing folder), so the table proves who gets past the gate without doing the work.
 */
const NOWHERE = '/nowhere/leukolens-role-gates'
const ARGS: { [K in CallName]?: CallRequest<K> } = {
  'scan:start': { jobId: 'j', folder: NOWHERE },
  'datasets:import': { jobId: 'j', folder: NOWHERE },
  'datasets:split': { name: 'no-such-dataset' },
  'datasets:delete': { name: 'no-such-dataset' },
  'review:toDataset': { dataset: 'no-such-dataset', create: false },
  'backbones:add': { path: NOWHERE, name: 'b' },
  'backbones:quantize': { jobId: 'j', backbone: 'no-such-backbone', dataset: 'no-such-dataset' },
  'backbones:remove': { name: 'no-such-backbone' },
  'training:start': { jobId: 'j', options: { dataset: 'no-such-dataset', backbone: 'no-such-backbone' } },
  'models:evaluate': { jobId: 'j', id: 'no-such-model', dataset: 'no-such-dataset', split: 'test' },
  'models:activate': { id: 'no-such-model' },
  'models:import': { file: `${NOWHERE}/model.zip` },
  'models:delete': { id: 'no-such-model' },
  'models:rename': { id: 'no-such-model', name: 'x' },
  'models:export': { id: 'no-such-model', saveToken: 'no-such-token' },
  'qc:add': { name: 'qc', folder: NOWHERE },
  'qc:target': { name: 'no-such-set', fromRuns: 2 },
  'settings:set': { reviewThreshold: 0.7 }
}

const PASSWORD = 'a long enough password'
const CALLS = Object.keys(ARGS) as CallName[]

/** The call through the dispatcher as `role`'s user: the refusal's message, or null where the gate let it pass. */
async function refusalOf(h: ServiceHarness, name: CallName): Promise<string | null> {
  try {
    await h.call(name, ARGS[name] as never)
    return null
  } catch (err) {
    return (err as Error).name === 'PermissionError' ? (err as Error).message : null
  }
}

describe('the roles each call needs, on a shared database', () => {
  const stores = useStores('postgres')

  it('covers every gated call with an argument', () => {
    expect(Object.keys(CALL_GATES).sort()).toEqual([...CALLS].sort())
  })

  it.each(ROLES)(
    'a signed-in %s is refused, in one sentence, exactly what its role cannot do',
    async (role) => {
      const h = serviceHarness(tmp())
      open.push(h)
      h.ctx.store = await stores()
      await createFirstAdmin(h.ctx.store, 'root', PASSWORD)
      const name = `${role}-1`
      if (role !== 'admin') await addUser(h.ctx.store, { name, role, password: PASSWORD })
      const who = role === 'admin' ? 'root' : name
      await h.call('session:signIn', { name: who, password: PASSWORD })
      const got: Record<string, string | null> = {}
      for (const call of CALLS) got[call] = await refusalOf(h, call)
      const want: Record<string, string | null> = {}
      for (const call of CALLS) {
        const gate = gateOf(call, ARGS[call] as never)!
        const may = rolesFor(gate.action)
        want[call] = may.includes(role as Role)
          ? null
          : `${who} is ${aRole(role)}: to ${gate.what} needs the ${may.join(' or ')} role; nothing was done`
      }
      expect(got).toEqual(want)
    }
  )

  it('asks for a sign-in before any gated call, and lets this workstation’s own settings change', async () => {
    const h = serviceHarness(tmp())
    open.push(h)
    h.ctx.store = await stores()
    await createFirstAdmin(h.ctx.store, 'root', PASSWORD)
    for (const call of CALLS.filter((c) => c !== 'settings:set'))
      expect(await refusalOf(h, call)).toMatch(/^sign in first: postgres:\/\/.* is a shared database$/)
    await expect(h.call('settings:set', { reviewThreshold: 0.7 })).rejects.toThrow(
      /^sign in to change the lab's review threshold: name yourself with --user NAME/
    )
    await expect(h.call('settings:set', { theme: 'dark' })).resolves.toMatchObject({ theme: 'dark' })
    await expect(h.call('settings:set', { unset: ['qcEveryHours'] })).rejects.toThrow(
      /^sign in to change the lab's QC schedule:/
    )
  })
})

describe('the same calls on a workstation’s own file without users', () => {
  it('refuse nothing for want of a role: nobody signs in there', async () => {
    const h = serviceHarness(tmp())
    open.push(h)
    for (const call of CALLS) expect(await refusalOf(h, call), call).toBeNull()
    expect(await h.call('settings:get')).toMatchObject({ reviewThreshold: 0.7 })
  })
})
