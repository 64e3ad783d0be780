import { describe, expect, it } from 'vitest'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { write, type Store } from '../../src/main/core/db/store'
import { getScan } from '../../src/main/core/db/queries/scans'
import { insertQueuedScan } from '../../src/main/core/db/queries/scan-batches'
import {
  createScan,
  findResumableScan,
  runningScanOfModel,
  scanRunsNow,
  ScanBusyError
} from '../../src/main/core/scan/store'
import { localLiveness, ScanHeartbeat, SCAN_LEASE_MS, type Liveness } from '../../src/main/core/scan/liveness'
import { planScan } from '../../src/main/core/scan/plan'
import { formatScanWatch, watchScan } from '../../src/main/core/scan/watch'
import { openDatabase } from '../../src/main/core/db/database'
import { sqliteStore } from '../../src/main/core/db/store'
import { runCli } from '../helpers/cli'
import { ENGINES, useStores } from '../helpers/engines'
import { useTmpDirs } from '../helpers/tmp'

/**
 * A scan's liveness across machines sharing a database: on its own machine by its process id, on another by the
 * heartbeat its running scan refreshes. The clock is injected: "twenty seconds ago" is a number, not a sleep.
 */

const T0 = Date.parse('2026-03-02T09:00:00.000Z')
const DEAD_PID = 2 ** 22 + 4321

/** This workstation as the scans see it, at a clock the test moves. */
function here(at: { now: number }): Liveness {
  return localLiveness({ host: 'bench-1', now: () => at.now })
}

const key = { folder: '/lab/smears', recursive: false, modelId: 'm-1', tta: false }
const scan = { ...key, flagThreshold: 0.8, backend: 'wasm' }

/** Makes a scan row another machine's (or another process's), with its last heartbeat `ago` ms before T0. */
async function ownedBy(
  store: Store,
  id: number,
  o: { host: string; pid: number; ago: number }
): Promise<void> {
  await store.k
    .updateTable('scans')
    .set({ status: 'running', host: o.host, pid: o.pid, heartbeat_at: new Date(T0 - o.ago).toISOString() })
    .where('id', '=', id)
    .execute()
}

const resume = (store: Store, live: Liveness) =>
  write(store, (trx) => findResumableScan(store, trx, key, live))

describe.each(ENGINES)('scan liveness across machines on %s', (engine) => {
  const open = useStores(engine)
  const tmp = useTmpDirs()

  it('a scan of another machine with a fresh heartbeat is running: refused, named by its machine', async () => {
    const store = await open()
    const clock = { now: T0 }
    const s = await createScan(store.k, scan, here(clock))
    await ownedBy(store, s.id, { host: 'lab-pc-2', pid: process.pid, ago: 20_000 })
    // Its process id happens to be a live one here (this very process): on another machine that means nothing.
    await expect(resume(store, here(clock))).rejects.toThrow(ScanBusyError)
    await expect(resume(store, here(clock))).rejects.toThrow(
      /is already running on lab-pc-2 \(process \d+, last heard from 20 s ago\)/
    )
    expect(await runningScanOfModel(store, 'm-1', here(clock))).toBe(s.id)
    expect(scanRunsNow(store, (await getScan(store.k, s.id))!, here(clock))).toBe(true)
  })

  it('a scan of another machine whose heartbeat is older than the lease is resumable, and taken over', async () => {
    const store = await open()
    const clock = { now: T0 }
    const s = await createScan(store.k, scan, here(clock))
    await ownedBy(store, s.id, { host: 'lab-pc-2', pid: 4121, ago: 0 })
    clock.now = T0 + SCAN_LEASE_MS - 1
    await expect(resume(store, here(clock))).rejects.toThrow(ScanBusyError)
    clock.now = T0 + SCAN_LEASE_MS + 1
    expect(scanRunsNow(store, (await getScan(store.k, s.id))!, here(clock))).toBe(false)
    expect(await runningScanOfModel(store, 'm-1', here(clock))).toBeUndefined()
    const resumed = await resume(store, here(clock))
    expect(resumed?.id).toBe(s.id)
    // Now this machine's, with a heartbeat of now: the other machine, back, sees it running elsewhere.
    expect(resumed).toMatchObject({ host: 'bench-1', pid: process.pid })
    expect(Date.parse(resumed!.heartbeatAt!)).toBe(clock.now)
    const other = localLiveness({ host: 'lab-pc-2', pid: 4121, now: () => clock.now + 5_000 })
    await expect(resume(store, other)).rejects.toThrow(/running on bench-1/)
  })

  it('a scan of this machine whose process is gone is resumable; one whose process lives is not', async () => {
    const store = await open()
    const clock = { now: T0 }
    const s = await createScan(store.k, scan, here(clock))
    // A fresh heartbeat does not keep a scan of this machine alive: its process id is the truth here.
    await ownedBy(store, s.id, { host: 'bench-1', pid: DEAD_PID, ago: 0 })
    expect((await resume(store, here(clock)))?.id).toBe(s.id)
    await ownedBy(store, s.id, { host: 'bench-1', pid: process.ppid, ago: 10 * SCAN_LEASE_MS })
    await expect(resume(store, here(clock))).rejects.toThrow(/is already running \(process \d+\)/)
  })

  it("the heartbeat refreshes the scan's row while it is its own, and never takes back a taken-over scan", async () => {
    const store = await open()
    const clock = { now: T0 }
    const s = await createScan(store.k, scan, here(clock))
    const beat = new ScanHeartbeat(store.k, s.id, here(clock))
    clock.now = T0 + 15_000
    expect(await beat.beat()).toBe(true)
    expect(Date.parse((await getScan(store.k, s.id))!.heartbeatAt!)).toBe(T0 + 15_000)
    await ownedBy(store, s.id, { host: 'lab-pc-2', pid: 4121, ago: 0 })
    clock.now = T0 + 30_000
    expect(await beat.beat()).toBe(false)
    expect(await getScan(store.k, s.id)).toMatchObject({
      host: 'lab-pc-2',
      heartbeatAt: new Date(T0).toISOString()
    })
  })

  it('a queued scan still running is running (its batches have their own leases), and a plain scan never resumes it', async () => {
    const store = await open()
    const clock = { now: T0 }
    const id = await insertQueuedScan(store.k, scan)
    await expect(resume(store, here(clock))).rejects.toThrow(
      /scan \d+ .* is already running as a queued scan/
    )
    expect(await runningScanOfModel(store, 'm-1', here(clock))).toBe(id)
    await store.k.updateTable('scans').set({ status: 'failed' }).where('id', '=', id).execute()
    expect(await resume(store, here(clock))).toBeUndefined()
  })

  it('a scan planned on this machine takes the lease; another machine plans the same scan only once it lapsed', async () => {
    const store = await open()
    const folder = tmp()
    writeFileSync(join(folder, 'a.png'), 'not decoded while planning: hashed only')
    const clock = { now: T0 }
    const plan = (live: Liveness) =>
      planScan(store, {
        folder,
        recursive: false,
        modelId: 'm-1',
        tta: false,
        flagThreshold: 0.8,
        backend: 'wasm',
        rescan: false,
        liveness: live
      })
    const first = await plan(here(clock))
    expect(first.scan).toMatchObject({
      host: 'bench-1',
      pid: process.pid,
      heartbeatAt: new Date(T0).toISOString()
    })
    const elsewhere = (now: number) => localLiveness({ host: 'lab-pc-2', pid: 4121, now: () => now })
    await expect(plan(elsewhere(T0 + 60_000))).rejects.toThrow(/running on bench-1/)
    const taken = await plan(elsewhere(T0 + SCAN_LEASE_MS + 1))
    expect(taken).toMatchObject({ resumed: true, continued: 'unfinished' })
    expect(taken.scan.id).toBe(first.scan.id)
    expect(taken.scan.host).toBe('lab-pc-2')
  })

  it('scan --wait follows a scan running on another machine, and says when that machine stopped answering', async () => {
    const store = await open()
    const clock = { now: T0 }
    const s = await createScan(store.k, scan, here(clock))
    await ownedBy(store, s.id, { host: 'lab-pc-2', pid: 4121, ago: 3_000 })
    const stop = new AbortController()
    const seen: string[] = []
    const w = await watchScan(store, s.id, {
      live: here(clock),
      signal: stop.signal,
      onProgress: (p) => (seen.push(formatScanWatch(p)), stop.abort())
    })
    expect(w.alive).toBe(true)
    expect(seen).toEqual([`scan ${s.id}: 0 file(s) recorded; running on lab-pc-2`])
    clock.now = T0 + SCAN_LEASE_MS
    const gone = await watchScan(store, s.id, { live: here(clock) })
    expect(gone.alive).toBe(false)
    expect(formatScanWatch(gone)).toBe(
      `scan ${s.id}: 0 file(s) recorded; stopped on lab-pc-2 without finishing (last heard from 2026-03-02 08:59 UTC); scan the folder again to resume it`
    )
  })
})

describe('scan --wait ID on a scan that is not queued', () => {
  const tmp = useTmpDirs()

  it('names the machine it stopped on, in one sentence, and fails', async () => {
    const dataDir = tmp()
    const db = openDatabase(join(dataDir, 'leukolens.db'))
    const store = sqliteStore(db)
    const s = await createScan(store.k, scan)
    await store.k
      .updateTable('scans')
      .set({ host: 'lab-pc-2', pid: 4121, heartbeat_at: '2026-03-02T09:00:00.000Z' })
      .where('id', '=', s.id)
      .execute()
    await store.close()
    db.close()
    const r = await runCli('--data-dir', dataDir, 'scan', '--wait', String(s.id))
    expect(r.code).toBe(1)
    expect(r.err).toMatch(
      new RegExp(
        `scan ${s.id}: 0 file\\(s\\) recorded; stopped on lab-pc-2 without finishing \\(last heard from 2026-03-02 09:00 UTC\\)`
      )
    )
  })
})
