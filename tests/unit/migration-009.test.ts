import { describe, expect, it } from 'vitest'
import BetterSqlite3 from 'better-sqlite3'
import { migrate } from '../../src/main/core/db/database'
import { MIGRATIONS } from '../../src/main/core/db/migrations'
import { insertScan, unfinishedScans } from '../../src/main/core/db/queries/scans'
import { emptyFieldsOfScan, insertEmptyFields } from '../../src/main/core/db/queries/field-cells'
import { storeOf } from '../helpers/scan-store'

const scan = {
  folder: '/fields',
  recursive: false,
  modelId: 'm',
  tta: false,
  flagThreshold: 0.9,
  backend: 'wasm'
}

describe('migration 009 (field scans)', () => {
  it('marks existing field scans, makes them folder scans, and keeps a plain scan from resuming one', async () => {
    const db = new BetterSqlite3(':memory:')
    migrate(
      db,
      MIGRATIONS.filter((m) => m.version < 9)
    )
    const now = new Date().toISOString()
    const add = (kind: string, status: string): number =>
      Number(
        db
          .prepare(
            `INSERT INTO scans (kind, folder, recursive, model_id, tta, flag_threshold, status, started_at)
             VALUES (?, '/fields', 0, 'm', 0, 0.9, ?, ?)`
          )
          .run(kind, status, now).lastInsertRowid
      )
    const oldField = add('quick', 'done')
    const plain = add('scan', 'done')
    db.prepare(
      `INSERT INTO field_cells (scan_id, field_path, field_sha256, cell, x, y, width, height, area_px, score, mask,
         mask_width, mask_height, mask_scale, crop_style, crop_path, created_at)
       VALUES (?, '/fields/f.jpg', ?, 1, 0, 0, 10, 10, 80, 0.9, x'00', 1, 1, 1, 'plain', '/c.png', ?)`
    ).run(oldField, 'a'.repeat(64), now)
    migrate(db, MIGRATIONS)
    const row = (id: number) => db.prepare('SELECT kind, fields FROM scans WHERE id = ?').get(id)
    expect(row(oldField)).toEqual({ kind: 'scan', fields: 1 })
    expect(row(plain)).toEqual({ kind: 'scan', fields: 0 })

    // An unfinished field scan of the folder is not what a plain scan of it resumes; an unfinished plain one is.
    const field = await insertScan(storeOf(db).k, { ...scan, fields: true }, 1)
    db.prepare("UPDATE scans SET status = 'failed' WHERE id = ?").run(field)
    expect(await unfinishedScans(storeOf(db).k, scan)).toEqual([])
    const plainRun = await insertScan(storeOf(db).k, scan, 1)
    db.prepare("UPDATE scans SET status = 'failed' WHERE id = ?").run(plainRun)
    expect((await unfinishedScans(storeOf(db).k, scan)).map((s) => s.id)).toEqual([plainRun])
    expect(() => db.prepare('UPDATE scans SET fields = 2').run()).toThrow(/CHECK/)
    db.close()
  })
})

describe('migration 010 (fields without a white cell)', () => {
  it('keeps each empty field of a scan once, with its content hash', async () => {
    const db = new BetterSqlite3(':memory:')
    migrate(db, MIGRATIONS)
    const scanId = await insertScan(storeOf(db).k, { ...scan, fields: true }, 1)
    await insertEmptyFields(storeOf(db).k, scanId, [
      { path: '/fields/b.jpg', sha256: 'b'.repeat(64) },
      { path: '/fields/a.jpg', sha256: 'a'.repeat(64) },
      { path: '/fields/a.jpg', sha256: 'a'.repeat(64) }
    ])
    expect(await emptyFieldsOfScan(storeOf(db).k, scanId)).toEqual(['/fields/a.jpg', '/fields/b.jpg'])
    await expect(
      insertEmptyFields(storeOf(db).k, scanId, [{ path: '/fields/c.jpg', sha256: 'short' }])
    ).rejects.toThrow(/CHECK/)
    db.close()
  })
})
