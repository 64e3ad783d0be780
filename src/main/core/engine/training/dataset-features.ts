/**
 * Turns an imported dataset's split (tables of migration 001) and the feature store (migration 002) into the
 * labelled feature matrices the trainer and the evaluator take.
 */
import type { Queries, Store } from '../../db/store'
import { getDatasetByName } from '../../db/queries/datasets'
import { labelledImageRows } from '../../db/queries/images'
import { featureScopes } from '../features/extract'
import { getFeatures } from '../../db/queries/features'
import type { FeatureSet } from './train-head'
import { noDatasetMessage } from '../../import/dataset-info'

export type SplitSelector = 'train' | 'val' | 'test' | 'all'

export interface LabelledImage {
  sha256: string
  /** As the dataset stores it (relative to its folder). */
  path: string
  label: string
  /** Known subject (patient) id, else null. */
  subject: string | null
  split: 'train' | 'val' | 'test' | null
}

export class DatasetNotReadyError extends Error {
  override name = 'DatasetNotReadyError'
}

/** Labelled images of a dataset with their split (null when the dataset has no split yet). */
export async function labelledImages(q: Queries, dataset: string): Promise<LabelledImage[]> {
  const ds = await getDatasetByName(q, dataset)
  if (!ds) throw new DatasetNotReadyError(await noDatasetMessage(q, dataset))
  return labelledImageRows(q, ds.id)
}

/**
 * Maps a dataset's labels onto a model's classes, case-insensitively (`all` ↔ `ALL`), so a model trained on one
 * dataset can be evaluated on another. A label with no class is an error naming it.
 */
export function labelIndex(
  classes: string[],
  labels: Iterable<string>,
  dataset: string
): Map<string, number> {
  const byLower = new Map(classes.map((c, i) => [c.toLowerCase(), i]))
  const out = new Map<string, number>()
  for (const l of labels) {
    const i = byLower.get(l.toLowerCase())
    if (i === undefined)
      throw new DatasetNotReadyError(
        `dataset ${dataset} has label "${l}", which is not one of the model's classes (${classes.join(', ')})`
      )
    out.set(l, i)
  }
  return out
}

export interface SplitFeatures extends FeatureSet {
  shas: string[]
  /** Images of the split without a stored vector (unreadable at extraction): left out, reported. */
  missing: number
  /** Their paths, as the dataset stores them, so that a report can name them. */
  missingPaths: string[]
}

/**
 * The feature matrix of one split. With `flip`, the flipped vectors of the same images are appended as extra
 * samples (training-time augmentation, as the notebook's horizontal flip).
 */
export async function splitFeatures(
  store: Store,
  backbone: string,
  images: LabelledImage[],
  split: SplitSelector,
  index: Map<string, number>,
  options: { flip?: boolean } = {}
): Promise<SplitFeatures> {
  const chosen = images.filter((i) => split === 'all' || i.split === split)
  const scopes = await featureScopes(store, backbone)
  const plain = await getFeatures(
    store.k,
    scopes.plain,
    chosen.map((i) => i.sha256)
  )
  const flipped = options.flip
    ? await getFeatures(
        store.k,
        scopes.flip,
        chosen.map((i) => i.sha256)
      )
    : new Map<string, Float32Array>()
  const rows: { sha: string; v: Float32Array; label: number }[] = []
  for (const img of chosen) {
    const v = plain.get(img.sha256)
    if (v) rows.push({ sha: img.sha256, v, label: index.get(img.label)! })
  }
  for (const img of chosen) {
    const v = flipped.get(img.sha256)
    if (v) rows.push({ sha: img.sha256, v, label: index.get(img.label)! })
  }
  const dim = rows[0]?.v.length ?? 0
  const features = new Float32Array(rows.length * dim)
  rows.forEach((r, i) => features.set(r.v, i * dim))
  return {
    features,
    labels: Int32Array.from(rows, (r) => r.label),
    featureDim: dim,
    shas: rows.map((r) => r.sha),
    missing: chosen.length - plain.size,
    missingPaths: chosen.filter((i) => !plain.has(i.sha256)).map((i) => i.path)
  }
}
