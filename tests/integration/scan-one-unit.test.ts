import { spawn } from 'node:child_process'
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openDatabase } from '../../src/main/core/db/database'
import { dataDir } from '../../src/main/core/paths'
import { planScan, type PlanOptions } from '../../src/main/core/scan/plan'
import { finishScan, getScan } from '../../src/main/core/scan/store'
import { useTmpDirs } from '../helpers/tmp'
import { storeOf } from '../helpers/scan-store'

/**
 * Which scan a run belongs to, decided under the write lock: a field scan of a folder resumes its killed run and
 * is refused while another process runs it (as plain scans are); a folder is its real path, so a scan through a
 * link to it is the same scan.
 */
const tmp = useTmpDirs()

function setup() {
  const root = tmp()
  const dirs = dataDir(join(root, 'data'))
  const db = openDatabase(dirs.db)
  const folder = join(root, 'fields')
  mkdirSync(folder)
  writeFileSync(join(folder, 'crop.png'), 'x')
  return { root, db, folder }
}

const opts = (folder: string, extra: Partial<PlanOptions> = {}): PlanOptions => ({
  folder,
  recursive: false,
  modelId: 'm1',
  tta: false,
  flagThreshold: 0.8,
  backend: 'wasm',
  rescan: false,
  ...extra
})

/** A field scan's plan: its files are the crops of its fields. */
const fieldPlan = (folder: string) =>
  opts(folder, { files: [join(folder, 'crop.png')], fields: true, kind: 'scan' })

/** Makes a scan row look like another process's: a live one (a child that sleeps) or one killed long ago. */
function ownedBy(db: ReturnType<typeof openDatabase>, scanId: number, pid: number): void {
  db.prepare("UPDATE scans SET status = 'running', pid = ? WHERE id = ?").run(pid, scanId)
}
const DEAD_PID = 2 ** 22 + 4321

describe('a scan is one unit, found by its real folder', () => {
  it('a second field scan of a folder while another process runs it is refused', async () => {
    const { db, folder } = setup()
    const first = await planScan(storeOf(db), fieldPlan(folder))
    const other = spawn('sleep', ['30'])
    try {
      ownedBy(db, first.scan.id, other.pid!)
      await expect(planScan(storeOf(db), fieldPlan(folder))).rejects.toThrow(
        /field scan \d+ of .* is already running \(process \d+\)/
      )
    } finally {
      other.kill()
    }
    db.close()
  })

  it('a killed field scan is resumed by the next run instead of starting a new one', async () => {
    const { db, folder } = setup()
    const first = await planScan(storeOf(db), fieldPlan(folder))
    ownedBy(db, first.scan.id, DEAD_PID)
    const again = await planScan(storeOf(db), fieldPlan(folder))
    expect(again.resumed).toBe(true)
    expect(again.scan.id).toBe(first.scan.id)
    // A plain scan of the same folder is another scan: it never resumes the field scan.
    await finishScan(storeOf(db).k, again.scan.id, 'failed')
    const plain = await planScan(storeOf(db), opts(folder))
    expect(plain.scan.id).not.toBe(first.scan.id)
    db.close()
  })

  it('a scan through a link to the folder is the scan of the folder (resumed, refused while running)', async () => {
    const { root, db, folder } = setup()
    const link = join(root, 'link-to-fields')
    symlinkSync(folder, link)
    const first = await planScan(storeOf(db), opts(folder))
    ownedBy(db, first.scan.id, DEAD_PID)
    const viaLink = await planScan(storeOf(db), opts(link))
    expect(viaLink.scan.id).toBe(first.scan.id)
    expect((await getScan(storeOf(db).k, viaLink.scan.id))?.folder).toBe(folder)
    const other = spawn('sleep', ['30'])
    try {
      ownedBy(db, first.scan.id, other.pid!)
      await expect(planScan(storeOf(db), opts(link))).rejects.toThrow(/is already running/)
    } finally {
      other.kill()
    }
    db.close()
  })
})
