import { describe, expect, it } from 'vitest'
import { openDatabase } from '../../src/main/core/db/database'

describe('migration 003 (models) on :memory:', () => {
  const db = openDatabase(':memory:')
  db.prepare(
    `INSERT INTO backbones (name, kind, dir, files, sha256, preprocessing, feature_dim, params, source, created_at)
     VALUES ('b', 'tfjs-layers', 'b', '[]', 'x', '{}', 4, 1, 's', 't')`
  ).run()
  const insert = (id: string, active: number, source = 'trained') =>
    db
      .prepare(
        `INSERT INTO models (id, name, source, backbone_id, feature_dim, classes, preprocessing, backend, dir, active, created_at)
         VALUES (?, 'm', ?, 1, 4, '["A","B"]', '{}', 'wasm', ?, ?, 't')`
      )
      .run(id, source, id, active)

  it('allows one active version only', () => {
    insert('a', 1)
    insert('b', 0)
    expect(() => insert('c', 1)).toThrow(/UNIQUE/)
  })

  it('checks the source and keeps a used backbone from being deleted', () => {
    expect(() => insert('d', 0, 'guess')).toThrow(/CHECK/)
    expect(() => db.prepare('DELETE FROM backbones WHERE id = 1').run()).toThrow(/FOREIGN KEY/)
  })

  it('finds the active version through its index', () => {
    const plan = db.prepare('EXPLAIN QUERY PLAN SELECT id FROM models WHERE active = 1').all() as {
      detail: string
    }[]
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/models_one_active/)
  })
})
