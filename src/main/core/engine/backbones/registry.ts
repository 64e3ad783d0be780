/**
 * The backbones table: which frozen feature extractors this data folder holds, their checksummed files and
 * the preprocessing each expects. `addBackbone` (add.ts) writes it; everything else reads it here.
 */
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import type { Database } from '../../db/database'
import type { DataDir } from '../../paths'
import type { LayersModel } from '../tf'
import type { BackboneFile, BackboneKind, BackboneSummary } from '../../../../shared/types/engine'
import type { Preprocessing } from '../../../../shared/types/preprocessing'
import type { BackboneSpec } from './spec'

interface BackboneRow {
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

export class UnknownBackboneError extends Error {
  override name = 'UnknownBackboneError'
}

function fromRow(r: BackboneRow): BackboneSummary & { dir: string } {
  return {
    id: r.id,
    name: r.name,
    kind: r.kind,
    dir: r.dir,
    files: JSON.parse(r.files) as BackboneFile[],
    sha256: r.sha256,
    preprocessing: JSON.parse(r.preprocessing) as Preprocessing,
    featureDim: r.feature_dim,
    params: r.params,
    source: r.source,
    createdAt: r.created_at
  }
}

export function listBackbones(db: Database): BackboneSummary[] {
  const rows = db.prepare('SELECT * FROM backbones ORDER BY name').all() as BackboneRow[]
  return rows.map((r) => {
    const { dir: _dir, ...summary } = fromRow(r)
    return summary
  })
}

function getRow(db: Database, name: string): BackboneRow {
  const row = db.prepare('SELECT * FROM backbones WHERE name = ?').get(name) as BackboneRow | undefined
  if (!row) {
    const known = listBackbones(db).map((b) => b.name)
    throw new UnknownBackboneError(
      `no backbone named ${name} (${known.length ? `known: ${known.join(', ')}` : 'none added yet: run `leukolens backbone add` or `backbone fetch densenet121`'})`
    )
  }
  return row
}

export function getBackbone(db: Database, name: string): BackboneSummary {
  const { dir: _dir, ...summary } = fromRow(getRow(db, name))
  return summary
}

/** The plain-data description a worker thread rebuilds the backbone from. */
export function getBackboneSpec(db: Database, dirs: DataDir, name: string): BackboneSpec {
  const b = fromRow(getRow(db, name))
  return {
    name: b.name,
    kind: b.kind,
    dir: join(dirs.backbones, b.dir),
    entry: b.files[0].name,
    preprocessing: b.preprocessing,
    featureDim: b.featureDim
  }
}

export interface LoadedBackbone {
  summary: BackboneSummary
  spec: BackboneSpec
  /** Input [n, s, s, 3] → [n, featureDim] (plus the last feature map with `featureMap`). Dispose when done. */
  model: LayersModel
}

/** Loads a registered backbone into this thread (call `initBackend` first). */
export async function loadBackbone(
  db: Database,
  dirs: DataDir,
  name: string,
  options: { featureMap?: boolean } = {}
): Promise<LoadedBackbone> {
  const spec = getBackboneSpec(db, dirs, name)
  return { summary: getBackbone(db, name), spec, model: await (await import('./spec')).loadBackboneModel(spec, options) }
}

/** Removes a backbone, its files and (by cascade) its stored features. */
export function removeBackbone(db: Database, dirs: DataDir, name: string): void {
  const row = getRow(db, name)
  db.prepare('DELETE FROM backbones WHERE id = ?').run(row.id)
  rmSync(join(dirs.backbones, row.dir), { recursive: true, force: true })
}

export function insertBackbone(
  db: Database,
  b: Omit<BackboneSummary, 'id' | 'createdAt'> & { dir: string; createdAt?: string }
): BackboneSummary {
  const createdAt = b.createdAt ?? new Date().toISOString()
  db.prepare(
    `INSERT INTO backbones (name, kind, dir, files, sha256, preprocessing, feature_dim, params, source, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
  ).run(b.name, b.kind, b.dir, JSON.stringify(b.files), b.sha256, JSON.stringify(b.preprocessing), b.featureDim, b.params, b.source, createdAt)
  return getBackbone(db, b.name)
}
