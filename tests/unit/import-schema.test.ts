import BetterSqlite3 from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { migrate, openDatabase } from '../../src/main/core/db/database'
import { migration001 } from '../../src/main/core/db/migrations/001-foundation'
import { deleteDataset, getDatasetByName, insertDataset } from '../../src/main/core/db/queries/datasets'
import {
  insertMember,
  listDatasetImages,
  upsertDatasetFile,
  upsertImage
} from '../../src/main/core/db/queries/images'
import { replaceSplit } from '../../src/main/core/db/queries/splits'

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

  it('stores one row per content: the same sha256 twice keeps one image', () => {
    const db = openDatabase(':memory:')
    const a = upsertImage(db, image('a'))
    expect(upsertImage(db, { ...image('a'), path: '/elsewhere/a.bmp' })).toBe(a)
    expect(db.prepare('SELECT count(*) FROM images').pluck().get()).toBe(1)
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

  it('enforces types, split names, layouts and membership of split rows', () => {
    const db = openDatabase(':memory:')
    const ds = insertDataset(db, { name: 'd', root: '/d', layout: 'flat', classMapping: {} })
    const img = upsertImage(db, image('b'))
    expect(() =>
      db
        .prepare(
          "INSERT INTO images (sha256, path, size, width, height, format, created_at) VALUES (?, 'p', 'big', 1, 1, 'bmp', 'now')"
        )
        .run(sha('c'))
    ).toThrow(/cannot store TEXT value in INTEGER column/)
    expect(() =>
      insertDataset(db, { name: 'x', root: '/x', layout: 'zip' as never, classMapping: {} })
    ).toThrow(/CHECK/)
    expect(() =>
      db
        .prepare("INSERT INTO splits (dataset_id, image_id, split, label) VALUES (?, ?, 'train', 'ALL')")
        .run(ds, img)
    ).toThrow(/FOREIGN KEY/)
    insertMember(db, ds, { imageId: img, path: 'b.bmp', label: 'ALL', sourceLabel: 'all', subject: '2' })
    expect(() =>
      db
        .prepare("INSERT INTO splits (dataset_id, image_id, split, label) VALUES (?, ?, 'holdout', 'ALL')")
        .run(ds, img)
    ).toThrow(/CHECK/)
  })

  it('deleting a dataset removes its membership, files, split and the images nobody else uses', () => {
    const db = openDatabase(':memory:')
    const d1 = insertDataset(db, {
      name: 'one',
      root: '/one',
      layout: 'class-folders',
      classMapping: { benign: 'HEM' }
    })
    const d2 = insertDataset(db, { name: 'two', root: '/two', layout: 'flat', classMapping: {} })
    const shared = upsertImage(db, image('s'))
    const own = upsertImage(db, image('o'))
    insertMember(db, d1, {
      imageId: shared,
      path: 'Benign/s.bmp',
      label: 'HEM',
      sourceLabel: 'Benign',
      subject: null
    })
    insertMember(db, d1, {
      imageId: own,
      path: 'Benign/o.bmp',
      label: 'HEM',
      sourceLabel: 'Benign',
      subject: null
    })
    insertMember(db, d2, { imageId: shared, path: 's.bmp', label: null, sourceLabel: null, subject: null })
    upsertDatasetFile(db, d1, 'Benign/s.bmp', shared)
    replaceSplit(
      db,
      d1,
      new Map([
        [shared, 'train'],
        [own, 'test']
      ])
    )
    expect(listDatasetImages(db, d1).map((i) => [i.path, i.split])).toEqual([
      ['/one/Benign/o.bmp', 'test'],
      ['/one/Benign/s.bmp', 'train']
    ])
    expect(listDatasetImages(db, d1, { split: 'test' })).toHaveLength(1)
    expect(getDatasetByName(db, 'one')?.classMapping).toEqual({ benign: 'HEM' })

    expect(deleteDataset(db, d1)).toEqual({ imagesRemoved: 1 })
    expect(db.prepare('SELECT sha256 FROM images').pluck().all()).toEqual([sha('s')])
    for (const t of ['splits', 'dataset_files'])
      expect(db.prepare(`SELECT count(*) FROM ${t}`).pluck().get()).toBe(0)
    expect(db.prepare('SELECT count(*) FROM dataset_images').pluck().get()).toBe(1)
  })
})

describe('dataset samples for thumbnails', () => {
  it('takes up to n images per label, spread over the dataset', async () => {
    const { datasetSamples } = await import('../../src/main/core/import/dataset-info')
    const db = openDatabase(':memory:')
    const d = insertDataset(db, { name: 'd', root: '/r', layout: 'class-folders', classMapping: {} })
    const letters = 'abcdefghij'
    for (const [i, c] of [...letters].entries()) {
      const id = upsertImage(db, image(c))
      insertMember(db, d, {
        imageId: id,
        path: `${i < 8 ? 'A' : 'B'}/${c}.bmp`,
        label: i < 8 ? 'A' : 'B',
        sourceLabel: null,
        subject: null
      })
    }
    const s = datasetSamples(db, d, 2)
    expect(s).toEqual([
      { path: '/r/A/a.bmp', label: 'A' },
      { path: '/r/A/e.bmp', label: 'A' },
      { path: '/r/B/i.bmp', label: 'B' },
      { path: '/r/B/j.bmp', label: 'B' }
    ])
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
