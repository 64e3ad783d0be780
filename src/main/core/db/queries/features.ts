/**
 * The feature store: one float32 vector per (image sha256, backbone, preprocessing, flip), in SQLite
 * (why the database and not files: see migration 002).
 */
import type { Queries } from '../store'

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

/** Rows per statement: well under both engines' limits on bound parameters (7 per row). */
const CHUNK = 500

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = []
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK))
  return out
}

function inScope(scope: FeatureScope) {
  return { backbone_id: scope.backboneId, preprocessing: scope.preprocessing, flip: scope.flip ? 1 : 0 }
}

/**
 * Stores vectors, replacing any with the same key. Each statement is atomic; a caller that needs all of them or
 * none runs this inside `write` (store.ts).
 */
export async function putFeatures(
  q: Queries,
  scope: FeatureScope,
  items: readonly StoredFeature[]
): Promise<void> {
  const now = new Date().toISOString()
  for (const part of chunks(items))
    await q
      .insertInto('features')
      .values(
        part.map((it) => ({
          image_sha256: it.imageSha256,
          ...inScope(scope),
          dim: it.vector.length,
          vector: toBlob(it.vector),
          created_at: now
        }))
      )
      .onConflict((oc) =>
        oc.columns(['image_sha256', 'backbone_id', 'preprocessing', 'flip']).doUpdateSet((eb) => ({
          dim: eb.ref('excluded.dim'),
          vector: eb.ref('excluded.vector'),
          created_at: eb.ref('excluded.created_at')
        }))
      )
      .execute()
}

/** Which of `shas` already have a vector in this scope. */
export async function storedShas(
  q: Queries,
  scope: FeatureScope,
  shas?: readonly string[]
): Promise<Set<string>> {
  const s = inScope(scope)
  const rows = await q
    .selectFrom('features')
    .select('image_sha256')
    .where('backbone_id', '=', s.backbone_id)
    .where('preprocessing', '=', s.preprocessing)
    .where('flip', '=', s.flip)
    .execute()
  const all = new Set(rows.map((r) => r.image_sha256))
  if (!shas) return all
  return new Set(shas.filter((sha) => all.has(sha)))
}

/** The stored vectors for `shas` (missing ones are absent from the map). */
export async function getFeatures(
  q: Queries,
  scope: FeatureScope,
  shas: readonly string[]
): Promise<Map<string, Float32Array>> {
  const s = inScope(scope)
  const out = new Map<string, Float32Array>()
  for (const part of chunks([...new Set(shas)])) {
    const rows = await q
      .selectFrom('features')
      .select(['image_sha256', 'vector'])
      .where('image_sha256', 'in', part)
      .where('backbone_id', '=', s.backbone_id)
      .where('preprocessing', '=', s.preprocessing)
      .where('flip', '=', s.flip)
      .execute()
    for (const r of rows) out.set(r.image_sha256, fromBlob(r.vector))
  }
  // In the order asked for, as before (callers build tensors from the map's values in this order).
  return new Map(shas.flatMap((sha) => (out.has(sha) ? [[sha, out.get(sha)!] as const] : [])))
}

export async function countFeatures(q: Queries, scope: FeatureScope): Promise<number> {
  const s = inScope(scope)
  const row = await q
    .selectFrom('features')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('backbone_id', '=', s.backbone_id)
    .where('preprocessing', '=', s.preprocessing)
    .where('flip', '=', s.flip)
    .executeTakeFirstOrThrow()
  return Number(row.n)
}
