import { afterEach, describe, expect, it } from 'vitest'
import { postgresStore } from '../../src/main/core/db/postgres/store'
import { addUser, createFirstAdmin } from '../../src/main/core/people/users'
import {
  finishBatch,
  finishScanIfComplete,
  insertBatches,
  insertQueuedScan,
  takeBatch
} from '../../src/main/core/db/queries/scan-batches'
import { freshPostgresDatabase } from '../helpers/engines'
import { recordScannedCell } from '../helpers/scanned-cell'
import { serviceHarness, type ServiceHarness } from '../helpers/services'
import { useTmpDirs } from '../helpers/tmp'

const tmp = useTmpDirs()
const open: ServiceHarness[] = []
afterEach(() => {
  while (open.length) open.pop()!.close()
})
const harness = () => {
  const h = serviceHarness(tmp())
  open.push(h)
  return h
}

describe('who works in a session', () => {
  it('on the workstation’s own file: nobody signs in and every call answers, as before', async () => {
    const h = harness()
    expect(await h.call('session:who')).toEqual({
      engine: 'sqlite',
      place: h.dirs.db,
      signInRequired: false,
      person: null
    })
    await expect(h.call('settings:get')).resolves.toBeTruthy()
    await expect(h.call('session:signIn', { name: 'ana', password: 'x' })).rejects.toThrow(
      /nobody signs in to this workstation's own database .* the reviewer name in Settings is used/
    )
    await expect(
      h.call('signature:sign', { kind: 'sample', recordId: '1:s', meaning: 'reviewed', password: 'x' })
    ).rejects.toThrow(/an electronic signature needs a user with a password/)
  })

  it('on a workstation that defines users: the window signs in, reads stay open', async () => {
    const h = harness()
    await createFirstAdmin(h.ctx.store, 'ada', 'admin password 1')
    expect(await h.call('session:who')).toMatchObject({
      engine: 'sqlite',
      signInRequired: true,
      person: null
    })
    await expect(h.call('settings:get')).resolves.toBeTruthy()
    const signed = await h.call('session:signIn', { name: 'ada', password: 'admin password 1' })
    expect(signed.person).toEqual({ name: 'ada', role: 'admin' })
  })

  it('on a shared database: only the session calls answer until someone signs in', async () => {
    const h = harness()
    const database = await freshPostgresDatabase()
    const sqlite = h.ctx.store
    h.ctx.store = postgresStore(database.url)
    try {
      await createFirstAdmin(h.ctx.store, 'ada', 'admin password 1')
      await addUser(h.ctx.store, { name: 'rita', role: 'reviewer', password: 'correct horse battery' })
      const who = await h.call('session:who')
      expect(who).toMatchObject({ engine: 'postgres', signInRequired: true, person: null })
      expect(who.place).not.toContain('password')
      for (const refused of [h.call('scans:list'), h.call('queue:scans'), h.call('review:verify')])
        await expect(refused).rejects.toThrow(/^sign in first: postgres:\/\/.* is a shared database$/)
      // This workstation's own settings answer (the shared database's URL among them, to undo a wrong one).
      await expect(h.call('settings:get')).resolves.toBeTruthy()
      await expect(h.call('session:signIn', { name: 'rita', password: 'wrong' })).rejects.toThrow(
        'wrong user name or password for "rita": nothing was done'
      )
      expect((await h.call('session:who')).person).toBeNull()
      const signed = await h.call('session:signIn', { name: ' rita ', password: 'correct horse battery' })
      expect(signed.person).toEqual({ name: 'rita', role: 'reviewer' })
      await expect(h.call('queue:scans')).resolves.toEqual([])
      await expect(
        h.call('signature:sign', { kind: 'sample', recordId: '99:s', meaning: 'approved', password: 'x' })
      ).rejects.toThrow(/no scan with id 99/)
      await expect(
        h.call('signature:sign', { kind: 'scan', recordId: '99', meaning: 'approved', password: 'x' })
      ).rejects.toThrow('"scan" cannot be signed: only a sample can')
      expect(await h.call('signature:list', { kind: 'sample', recordId: '99:s' })).toEqual([])
      await expect(h.call('session:signOut')).resolves.toMatchObject({ person: null })
      await expect(h.call('scans:list')).rejects.toThrow(/^sign in first/)
    } finally {
      await h.ctx.store.close()
      h.ctx.store = sqlite
      await database.drop()
    }
  })
})

describe('a sample signed by the signed-in reviewer', () => {
  it('is bound to the sample as it stands: refused while a flagged cell waits, stale after a later review', async () => {
    const h = harness()
    const scan = await recordScannedCell(h.db, {
      folder: '/lab/patient-7',
      path: '/lab/patient-7/a.png',
      sha256: 'a'.repeat(64),
      pAll: 0.7
    })
    await createFirstAdmin(h.ctx.store, 'ada', 'admin password 1')
    await addUser(h.ctx.store, { name: 'rita', role: 'reviewer', password: 'correct horse battery' })
    await h.call('session:signIn', { name: 'rita', password: 'correct horse battery' })
    const sample = { kind: 'sample', recordId: `${scan.id}:patient-7` }
    const sign = (password: string) => h.call('signature:sign', { ...sample, meaning: 'reviewed', password })
    await expect(sign('correct horse battery')).rejects.toThrow(
      'Sign-off not possible: 1 of 1 flagged cell is not reviewed yet.'
    )
    await h.call('review:submit', { sha256: 'a'.repeat(64), label: 'ALL' })
    await expect(sign('wrong')).rejects.toThrow('wrong user name or password for "rita"')
    const signature = await sign('correct horse battery')
    expect(signature).toMatchObject({ person: 'rita', role: 'reviewer', meaning: 'reviewed', ...sample })
    expect((await h.call('signature:list', sample)).map((s) => s.current)).toEqual([true])
    await h.call('review:submit', { sha256: 'a'.repeat(64), label: 'HEM' })
    expect((await h.call('signature:list', sample)).map((s) => s.current)).toEqual([false])
    expect((await h.call('review:log', {})).map((e) => `${e.reviewer} ${e.newLabel}`)).toEqual([
      'rita ALL',
      'rita reviewed',
      'rita HEM'
    ])
    expect(await h.call('review:verify')).toMatchObject({ ok: true, entries: 3 })
  })
})

describe('queued scans as the window lists them', () => {
  it('lists running and finished queued scans with waiting batches and the machines that took them', async () => {
    const h = harness()
    expect(await h.call('queue:scans')).toEqual([])
    const q = h.ctx.store.k
    const id = await insertQueuedScan(q, {
      folder: '/lab/patient-12',
      recursive: false,
      modelId: 'm-1',
      tta: false,
      flagThreshold: 0.9,
      backend: 'wasm'
    })
    await insertBatches(q, id, [
      { paths: '[]', images: 4 },
      { paths: '[]', images: 4 },
      { paths: '[]', images: 2 }
    ])
    await takeBatch(q, id, 0, { machine: 'bench-1', pid: 11 })
    await finishBatch(q, id, 0, { computed: 4, classified: 4, backend: 'wasm', machine: 'bench-1', pid: 11 })
    await takeBatch(q, id, 1, { machine: 'bench-2', pid: 22 })
    const [view] = await h.call('queue:scans', { limit: 5 })
    expect(view).toMatchObject({
      scanId: id,
      folder: '/lab/patient-12',
      status: 'running',
      finishedAt: null,
      batches: { total: 3, done: 1, running: 1, failed: 0, waiting: 1 },
      images: { total: 10, done: 4 },
      machines: [
        { machine: 'bench-1', pid: 11, done: 1, running: 0 },
        { machine: 'bench-2', pid: 22, done: 0, running: 1 }
      ],
      error: null
    })
    for (const b of [1, 2]) {
      await takeBatch(q, id, b, { machine: 'bench-2', pid: 22 })
      await finishBatch(q, id, b, {
        computed: 2,
        classified: 2,
        backend: 'wasm',
        machine: 'bench-2',
        pid: 22
      })
    }
    await finishScanIfComplete(q, id)
    const [done] = await h.call('queue:scans')
    expect(done).toMatchObject({ status: 'done', batches: { done: 3, waiting: 0 }, images: { done: 10 } })
    expect(done.finishedAt).not.toBeNull()
  })
})
