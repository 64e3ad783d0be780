import type { BackboneFile, BackboneKind, BackboneSummary } from '../../../../shared/types/engine'
import type { Preprocessing } from '../../../../shared/types/preprocessing'
import { precisionOf } from '../../../../shared/backbone-precision'
import type { Queries } from '../store'

/** SQL of the backbones table (migration 002): the frozen feature extractors and their checksummed files. */

export interface BackboneRow {
  id: number
  name: string
  kind: BackboneKind
  dir: string
  files: string
  sha256: string
  preprocessing: string
  feature_dim: number
  params: number
  source: string
  created_at: string
}

export function fromBackboneRow(r: BackboneRow): BackboneSummary & { dir: string } {
  const files = JSON.parse(r.files) as BackboneFile[]
  return {
    id: r.id,
    name: r.name,
    kind: r.kind,
    dir: r.dir,
    files,
    sha256: r.sha256,
    preprocessing: JSON.parse(r.preprocessing) as Preprocessing,
    featureDim: r.feature_dim,
    params: r.params,
    source: r.source,
    // What the files hold decides it (an int8 copy carries its quantization record), so no column is needed.
    precision: precisionOf(files),
    createdAt: r.created_at
  }
}

export async function selectBackbones(q: Queries): Promise<BackboneRow[]> {
  return (await q.selectFrom('backbones').selectAll().orderBy('name').execute()) as BackboneRow[]
}

export async function selectBackboneByName(q: Queries, name: string): Promise<BackboneRow | undefined> {
  return (await q.selectFrom('backbones').selectAll().where('name', '=', name).executeTakeFirst()) as
    BackboneRow | undefined
}

/** The first registered backbone with exactly these weights (digest over its files), by name. */
export async function backboneNameBySha(q: Queries, sha256: string): Promise<string | undefined> {
  const row = await q
    .selectFrom('backbones')
    .select('name')
    .where('sha256', '=', sha256)
    .orderBy('id')
    .limit(1)
    .executeTakeFirst()
  return row?.name
}

/** Every backbone's name and files (JSON), in the order they were added. */
export async function backboneFileLists(q: Queries): Promise<{ name: string; files: BackboneFile[] }[]> {
  const rows = await q.selectFrom('backbones').select(['name', 'files']).orderBy('id').execute()
  return rows.map((r) => ({ name: r.name, files: JSON.parse(r.files) as BackboneFile[] }))
}

export async function insertBackboneRow(
  q: Queries,
  b: Omit<BackboneSummary, 'id' | 'createdAt' | 'precision'> & { dir: string; createdAt: string }
): Promise<void> {
  await q
    .insertInto('backbones')
    .values({
      name: b.name,
      kind: b.kind,
      dir: b.dir,
      files: JSON.stringify(b.files),
      sha256: b.sha256,
      preprocessing: JSON.stringify(b.preprocessing),
      feature_dim: b.featureDim,
      params: b.params,
      source: b.source,
      created_at: b.createdAt
    })
    .execute()
}

/** Removes a backbone's row (its stored features go with it, by cascade). */
export async function deleteBackboneRow(q: Queries, id: number): Promise<void> {
  await q.deleteFrom('backbones').where('id', '=', id).execute()
}
