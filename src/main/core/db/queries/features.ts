/**
 * The feature store: one float32 vector per (image sha256, backbone, preprocessing, flip), in SQLite
 * (why SQLite and not files: see migration 002). Writes are batched in one transaction each.
 */
import type { Database } from 'better-sqlite3'
import { stmt } from './statements'

export interface FeatureScope {
  backboneId: number
  /** `preprocessingKey(...)`, e.g. '224:nearest:torch'. */
  preprocessing: string
  flip: boolean
}

export interface StoredFeature {
  imageSha256: string
  vector: Float32Array
}

function toBlob(v: Float32Array): Buffer {
  return Buffer.from(v.buffer, v.byteOffset, v.byteLength)
}

function fromBlob(b: Buffer): Float32Array {
  // Copy: SQLite's buffer need not be 4-byte aligned, and callers keep the vector.
  const copy = new Uint8Array(b.byteLength)
  copy.set(b)
  return new Float32Array(copy.buffer)
}

/** Stores vectors (replacing any with the same key) in one transaction. */
export function putFeatures(db: Database, scope: FeatureScope, items: StoredFeature[]): void {
  const insert = stmt(
    db,
    `INSERT OR REPLACE INTO features (image_sha256, backbone_id, preprocessing, flip, dim, vector, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)`
  )
  const now = new Date().toISOString()
  db.transaction(() => {
    for (const it of items)
      insert.run(
        it.imageSha256,
        scope.backboneId,
        scope.preprocessing,
        scope.flip ? 1 : 0,
        it.vector.length,
        toBlob(it.vector),
        now
      )
  })()
}

/** Which of `shas` already have a vector in this scope. */
export function storedShas(db: Database, scope: FeatureScope, shas?: readonly string[]): Set<string> {
  const rows = stmt(
    db,
    'SELECT image_sha256 AS sha FROM features WHERE backbone_id = ? AND preprocessing = ? AND flip = ?'
  )
    .pluck()
    .all(scope.backboneId, scope.preprocessing, scope.flip ? 1 : 0) as string[]
  const all = new Set(rows)
  if (!shas) return all
  return new Set(shas.filter((s) => all.has(s)))
}

/** The stored vectors for `shas` (missing ones are absent from the map). */
export function getFeatures(
  db: Database,
  scope: FeatureScope,
  shas: readonly string[]
): Map<string, Float32Array> {
  const select = stmt(
    db,
    'SELECT vector FROM features WHERE image_sha256 = ? AND backbone_id = ? AND preprocessing = ? AND flip = ?'
  )
  const out = new Map<string, Float32Array>()
  for (const sha of shas) {
    const row = select.get(sha, scope.backboneId, scope.preprocessing, scope.flip ? 1 : 0) as
      { vector: Buffer } | undefined
    if (row) out.set(sha, fromBlob(row.vector))
  }
  return out
}

export function countFeatures(db: Database, scope: FeatureScope): number {
  return stmt(db, 'SELECT count(*) FROM features WHERE backbone_id = ? AND preprocessing = ? AND flip = ?')
    .pluck()
    .get(scope.backboneId, scope.preprocessing, scope.flip ? 1 : 0) as number
}
