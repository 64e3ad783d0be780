import BetterSqlite3 from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { migrate, openDatabase } from '../../src/main/core/db/database'
import { migration001 } from '../../src/main/core/db/migrations/001-foundation'
import { insertDataset } from '../../src/main/core/db/queries/datasets'
import { insertMembers, upsertImages } from '../../src/main/core/db/queries/images'
import { sqliteStore } from '../../src/main/core/db/store'

const sha = (c: string) => c.repeat(64)
const image = (c: string) => ({
  sha256: sha(c),
  path: `/d/${c}.bmp`,
  size: 10,
  width: 4,
  height: 4,
  format: 'bmp'
})

describe('migration 001 (foundation) on :memory:', () => {
  it('creates STRICT tables for datasets, images, membership, files and splits', () => {
    const db = new BetterSqlite3(':memory:')
    migrate(db, [migration001])
    const tables = db
      .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY name")
      .all() as { name: string; sql: string }[]
    expect(tables.map((t) => t.name)).toEqual([
      'dataset_files',
      'dataset_images',
      'datasets',
      'images',
      'splits'
    ])
    for (const t of tables) expect(t.sql).toMatch(/STRICT\s*$/)
  })

  it('refuses a second row of one content and a malformed hash', () => {
    const db = openDatabase(':memory:')
    db.prepare(
      "INSERT INTO images (sha256, path, size, width, height, format, created_at) VALUES (?, 'p', 1, 1, 1, 'bmp', 'now')"
    ).run(sha('a'))
    expect(() =>
      db
        .prepare(
          "INSERT INTO images (sha256, path, size, width, height, format, created_at) VALUES (?, 'p', 1, 1, 1, 'bmp', 'now')"
        )
        .run(sha('a'))
    ).toThrow(/UNIQUE/)
    expect(() =>
      db
        .prepare(
          "INSERT INTO images (sha256, path, size, width, height, format, created_at) VALUES ('short', 'p', 1, 1, 1, 'bmp', 'now')"
        )
        .run()
    ).toThrow(/CHECK/)
  })

  it('enforces types, split names, layouts and membership of split rows', async () => {
    const db = openDatabase(':memory:')
    const { k } = sqliteStore(db)
    const ds = await insertDataset(k, { name: 'd', root: '/d', layout: 'flat', classMapping: {} })
    const img = (await upsertImages(k, [image('b')])).get(sha('b'))!
    expect(() =>
      db
        .prepare(
          "INSERT INTO images (sha256, path, size, width, height, format, created_at) VALUES (?, 'p', 'big', 1, 1, 'bmp', 'now')"
        )
        .run(sha('c'))
    ).toThrow(/cannot store TEXT value in INTEGER column/)
    await expect(
      insertDataset(k, { name: 'x', root: '/x', layout: 'zip' as never, classMapping: {} })
    ).rejects.toThrow(/CHECK/)
    expect(() =>
      db
        .prepare("INSERT INTO splits (dataset_id, image_id, split, label) VALUES (?, ?, 'train', 'ALL')")
        .run(ds, img)
    ).toThrow(/FOREIGN KEY/)
    await insertMembers(k, ds, [
      { imageId: img, path: 'b.bmp', label: 'ALL', sourceLabel: 'all', subject: '2' }
    ])
    expect(() =>
      db
        .prepare("INSERT INTO splits (dataset_id, image_id, split, label) VALUES (?, ?, 'holdout', 'ALL')")
        .run(ds, img)
    ).toThrow(/CHECK/)
  })
})

describe('query plans of the hot import and training queries', () => {
  const plan = (db: ReturnType<typeof openDatabase>, sql: string, ...args: unknown[]) =>
    (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...args) as { detail: string }[])
      .map((r) => r.detail)
      .join(' | ')

  it('looks images up by hash, members and files by key, and never scans the images table', () => {
    const db = openDatabase(':memory:')
    expect(plan(db, 'SELECT id FROM images WHERE sha256 = ?', sha('a'))).toMatch(
      /SEARCH images USING (COVERING )?INDEX sqlite_autoindex_images_1/
    )
    expect(plan(db, 'SELECT * FROM dataset_images WHERE dataset_id = ? AND image_id = ?', 1, 1)).toMatch(
      /SEARCH dataset_images USING (COVERING )?INDEX sqlite_autoindex_dataset_images_1/
    )
    const listing = plan(
      db,
      `SELECT di.image_id, i.sha256, di.path, s.split FROM dataset_images di JOIN images i ON i.id = di.image_id
       LEFT JOIN splits s ON s.dataset_id = di.dataset_id AND s.image_id = di.image_id WHERE di.dataset_id = ?`,
      1
    )
    expect(listing).toMatch(
      /SEARCH di USING (COVERING )?INDEX sqlite_autoindex_dataset_images_1 \(dataset_id=\?\)/
    )
    expect(listing).toMatch(/SEARCH i USING INTEGER PRIMARY KEY/)
    expect(listing).toMatch(/SEARCH s USING (COVERING )?INDEX sqlite_autoindex_splits_1/)
    expect(listing).not.toMatch(/SCAN (i|images)\b/)
    expect(plan(db, 'SELECT path FROM dataset_files WHERE dataset_id = ?', 1)).toMatch(
      /SEARCH dataset_files USING (COVERING )?INDEX/
    )
  })
})
