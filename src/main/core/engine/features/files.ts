/**
 * Features for arbitrary image files (a scan of a folder that is not an imported dataset): each file is
 * identified by its content hash, so a picture seen before is not recomputed, and new vectors are stored.
 */
import { createHash } from 'node:crypto'
import { readRegularFile } from '../../files/regular-file'
import type { Store } from '../../db/store'
import type { DataDir } from '../../paths'
import type { ExtractionResult } from '../../../../shared/types/engine'
import { extractFeatures, featureScopes, type ExtractOptions } from './extract'
import { getFeatures } from '../../db/queries/features'

export interface FileFeatures {
  path: string
  sha256: string
  vector: Float32Array
  /** The flipped image's features, when `flip` was asked for. */
  flipped?: Float32Array
}

export async function sha256File(path: string): Promise<string> {
  return createHash('sha256')
    .update(await readRegularFile(path))
    .digest('hex')
}

/** Hashes, extracts what is missing, and returns each readable file's vectors plus the failures. */
export async function featuresForFiles(
  store: Store,
  dirs: DataDir,
  paths: readonly string[],
  opts: ExtractOptions
): Promise<{ features: FileFeatures[]; failed: ExtractionResult['failed']; run: ExtractionResult }> {
  const failed: ExtractionResult['failed'] = []
  const hashed: { path: string; sha256: string }[] = []
  for (const path of paths) {
    try {
      hashed.push({ path, sha256: await sha256File(path) })
    } catch (err) {
      failed.push({ path, error: `cannot read (${(err as Error).message})` })
    }
  }
  const run = await extractFeatures(store, dirs, hashed, opts)
  failed.push(...run.failed)
  const scopes = await featureScopes(store, opts.backbone)
  const shas = hashed.map((h) => h.sha256)
  const plain = await getFeatures(store.k, scopes.plain, shas)
  const flip = opts.flip ? await getFeatures(store.k, scopes.flip, shas) : new Map<string, Float32Array>()
  const features = hashed
    .filter((h) => plain.has(h.sha256))
    .map((h) => ({ ...h, vector: plain.get(h.sha256)!, flipped: flip.get(h.sha256) }))
  return { features, failed, run }
}
