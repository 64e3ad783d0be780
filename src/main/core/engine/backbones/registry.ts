/**
 * The backbones table: which frozen feature extractors this data folder holds, their checksummed files and
 * the preprocessing each expects. `addBackbone` (add.ts) writes it; everything else reads it here (the SQL is in
 * db/queries/backbones.ts).
 */
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import type { Store } from '../../db/store'
import { materialiseFolder, publishFolder, unpublishFolder } from '../../blobs/shared-folders'
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

export async function listBackbones(store: Store): Promise<BackboneSummary[]> {
  return (await selectBackbones(store.k)).map((r) => {
    const { dir: _dir, ...summary } = fromRow(r)
    return summary
  })
}

async function getRow(store: Store, name: string): Promise<BackboneRow> {
  const row = await selectBackboneByName(store.k, name)
  if (!row) {
    const known = (await listBackbones(store)).map((b) => b.name)
    throw new UnknownBackboneError(
      `no backbone named ${name} (${known.length ? `known: ${known.join(', ')}` : 'none added yet: run `leukolens backbone add` or `backbone fetch densenet121`'})`
    )
  }
  return row
}

export async function getBackbone(store: Store, name: string): Promise<BackboneSummary> {
  const { dir: _dir, ...summary } = fromRow(await getRow(store, name))
  return summary
}

/**
 * The plain-data description a worker thread rebuilds the backbone from. The files are in this data folder when
 * it returns: fetched from the shared store by checksum when they were not.
 */
export async function getBackboneSpec(
  store: Store,
  dirs: DataDir,
  name: string,
  options: { fetch?: boolean } = {}
): Promise<BackboneSpec> {
  const b = fromRow(await getRow(store, name))
  const folder = { kind: 'backbones', dir: b.dir } as const
  return {
    name: b.name,
    kind: b.kind,
    dir: options.fetch === false ? join(dirs.backbones, b.dir) : await materialiseFolder(store, dirs, folder),
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
  store: Store,
  dirs: DataDir,
  name: string,
  options: { featureMap?: boolean } = {}
): Promise<LoadedBackbone> {
  const spec = await getBackboneSpec(store, dirs, name)
  return {
    summary: await getBackbone(store, name),
    spec,
    model: await (await import('./spec')).loadBackboneModel(spec, options)
  }
}

/** Removes a backbone, its files and (by cascade) its stored features. */
export async function removeBackbone(store: Store, dirs: DataDir, name: string): Promise<void> {
  const row = await getRow(store, name)
  await deleteBackboneRow(store.k, row.id)
  await unpublishFolder(store, { kind: 'backbones', dir: row.dir })
  rmSync(join(dirs.backbones, row.dir), { recursive: true, force: true })
}

/**
 * Registers a backbone whose files are in place in `backbones/<dir>`; on a shared store they are put in the
 * database too, so that every workstation can load it.
 */
export async function insertBackbone(
  store: Store,
  dirs: DataDir,
  b: Omit<BackboneSummary, 'id' | 'createdAt' | 'precision'> & { dir: string; createdAt?: string }
): Promise<BackboneSummary> {
  const createdAt = b.createdAt ?? new Date().toISOString()
  await publishFolder(store, dirs, { kind: 'backbones', dir: b.dir })
  await insertBackboneRow(store.k, { ...b, createdAt })
  return getBackbone(store, b.name)
}
