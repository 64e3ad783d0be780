import { describe, expect, it } from 'vitest'
import { sqliteStore } from '../../src/main/core/db/store'
import { BackendError, initBackend } from '../../src/main/core/engine/backend'
import { openDatabase } from '../../src/main/core/db/database'
import { putFeatures, getFeatures, storedShas } from '../../src/main/core/db/queries/features'
import { tf } from '../../src/main/core/engine/tf'

describe('backend selection', () => {
  it('picks the first backend that works, records why the faster ones do not, and never uses cpu', async () => {
    const info = await initBackend()
    expect(['tfjs-node-gpu', 'tfjs-node', 'wasm']).toContain(info.name)
    expect(tf.getBackend()).not.toBe('cpu')
    const order = ['tfjs-node-gpu', 'tfjs-node', 'wasm']
    expect(info.unavailable.map((u) => u.name)).toEqual(order.slice(0, order.indexOf(info.name)))
    for (const u of info.unavailable) expect(u.why.length).toBeGreaterThan(10)
    if (info.name === 'wasm') expect(info).toMatchObject({ threads: 1, workers: expect.any(Number) })
  })

  it('fails loudly when a forced backend cannot be used', async () => {
    const info = await initBackend()
    const missing = info.unavailable.find((u) => u.name === 'tfjs-node')
    if (!missing) return // tfjs-node is installed here: nothing to force-fail
    await expect(initBackend('tfjs-node')).rejects.toThrow(BackendError)
    await expect(initBackend('tfjs-node')).rejects.toThrow(/tfjs-node was forced but cannot be used/)
  })
})

describe('feature store', () => {
  it('round-trips float32 vectors and uses indexes for its lookups', async () => {
    const db = openDatabase(':memory:')
    const store = sqliteStore(db)
    db.prepare(
      `INSERT INTO backbones (id, name, kind, dir, files, sha256, preprocessing, feature_dim, params, source, created_at)
       VALUES (1, 'b', 'tfjs-layers', 'd', '[]', 'x', '{}', 3, 0, 's', 'now')`
    ).run()
    const scope = { backboneId: 1, preprocessing: '224:nearest:tf', flip: false }
    await putFeatures(store.k, scope, [
      { imageSha256: 'a'.repeat(64), vector: Float32Array.of(1.5, -2, 1e-7) }
    ])
    expect(
      Array.from((await getFeatures(store.k, scope, ['a'.repeat(64), 'b'.repeat(64)])).get('a'.repeat(64))!)
    ).toEqual([1.5, -2, Math.fround(1e-7)])
    expect((await storedShas(store.k, { ...scope, flip: true })).size).toBe(0)
    expect(() => db.prepare("INSERT INTO features VALUES ('c', 1, 'p', 0, 3, x'00', 'now')").run()).toThrow(
      /CHECK/
    )
    const plan = (sql: string): string =>
      (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(1, 'p', 0) as { detail: string }[])
        .map((r) => r.detail)
        .join('; ')
    expect(
      plan('SELECT image_sha256 FROM features WHERE backbone_id = ? AND preprocessing = ? AND flip = ?')
    ).toMatch(/USING (COVERING )?INDEX/)
    db.close()
  })
})
