/**
 * The backbones table: which frozen feature extractors this data folder holds, their checksummed files and
 * the preprocessing each expects. `addBackbone` (add.ts) writes it; everything else reads it here (the SQL is in
 * db/queries/backbones.ts).
 */
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import type { Database } from '../../db/database'
import type { DataDir } from '../../paths'
import type { LayersModel } from '../tf'
import type { BackboneSummary } from '../../../../shared/types/engine'
import {
  deleteBackboneRow,
  fromBackboneRow as fromRow,
  insertBackboneRow,
  selectBackboneByName,
  selectBackbones,
  type BackboneRow
} from '../../db/queries/backbones'
import type { BackboneSpec } from './spec'

export class UnknownBackboneError extends Error {
  override name = 'UnknownBackboneError'
}

export function listBackbones(db: Database): BackboneSummary[] {
  return selectBackbones(db).map((r) => {
    const { dir: _dir, ...summary } = fromRow(r)
    return summary
  })
}

function getRow(db: Database, name: string): BackboneRow {
  const row = selectBackboneByName(db, name)
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
    featureDim: b.featureDim,
    precision: b.precision
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
  return {
    summary: getBackbone(db, name),
    spec,
    model: await (await import('./spec')).loadBackboneModel(spec, options)
  }
}

/** Removes a backbone, its files and (by cascade) its stored features. */
export function removeBackbone(db: Database, dirs: DataDir, name: string): void {
  const row = getRow(db, name)
  deleteBackboneRow(db, row.id)
  rmSync(join(dirs.backbones, row.dir), { recursive: true, force: true })
}

export function insertBackbone(
  db: Database,
  b: Omit<BackboneSummary, 'id' | 'createdAt' | 'precision'> & { dir: string; createdAt?: string }
): BackboneSummary {
  const createdAt = b.createdAt ?? new Date().toISOString()
  insertBackboneRow(db, { ...b, createdAt })
  return getBackbone(db, b.name)
}
