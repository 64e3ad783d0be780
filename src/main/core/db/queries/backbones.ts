import type { Database } from 'better-sqlite3'
import type { BackboneFile, BackboneKind, BackboneSummary } from '../../../../shared/types/engine'
import type { Preprocessing } from '../../../../shared/types/preprocessing'
import { precisionOf } from '../../../../shared/backbone-precision'
import { stmt } from './statements'

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

export function selectBackbones(db: Database): BackboneRow[] {
  return stmt(db, 'SELECT * FROM backbones ORDER BY name').all() as BackboneRow[]
}

export function selectBackboneByName(db: Database, name: string): BackboneRow | undefined {
  return stmt(db, 'SELECT * FROM backbones WHERE name = ?').get(name) as BackboneRow | undefined
}

/** The first registered backbone with exactly these weights (digest over its files), by name. */
export function backboneNameBySha(db: Database, sha256: string): string | undefined {
  return stmt(db, 'SELECT name FROM backbones WHERE sha256 = ? ORDER BY id LIMIT 1').pluck().get(sha256) as
    string | undefined
}

/** Every backbone's name and files (JSON), in the order they were added. */
export function backboneFileLists(db: Database): { name: string; files: BackboneFile[] }[] {
  const rows = stmt(db, 'SELECT name, files FROM backbones ORDER BY id').all() as {
    name: string
    files: string
  }[]
  return rows.map((r) => ({ name: r.name, files: JSON.parse(r.files) as BackboneFile[] }))
}

export function insertBackboneRow(
  db: Database,
  b: Omit<BackboneSummary, 'id' | 'createdAt' | 'precision'> & { dir: string; createdAt: string }
): void {
  stmt(
    db,
    `INSERT INTO backbones (name, kind, dir, files, sha256, preprocessing, feature_dim, params, source, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
  ).run(
    b.name,
    b.kind,
    b.dir,
    JSON.stringify(b.files),
    b.sha256,
    JSON.stringify(b.preprocessing),
    b.featureDim,
    b.params,
    b.source,
    b.createdAt
  )
}

/** Removes a backbone's row (its stored features go with it, by cascade). */
export function deleteBackboneRow(db: Database, id: number): void {
  stmt(db, 'DELETE FROM backbones WHERE id = ?').run(id)
}
