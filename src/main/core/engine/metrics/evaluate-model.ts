/** `evaluate`: any stored model on any imported dataset (its test split, or all its labelled images). */
import type { Database } from '../../db/database'
import type { DataDir } from '../../paths'
import { initBackend, tfjsBackendOf } from '../backend'
import type { EngineConfig } from '../runners'
import { extractDatasetFeatures } from '../features/dataset'
import { loadModelVersion, modelDir } from '../models/registry'
import { predictProbabilities } from '../head/head'
import { readOodDetector } from '../../trust/ood-files'
import { trustOnSet, type TrustOnSet } from '../../trust/on-set'
import { imageReasons, readImageHeader } from '../../trust/image-checks'
import { imagePathsBySha256 } from '../../db/queries/images'
import type { ImageProfile } from '../../../../shared/types/trust'
import {
  DatasetNotReadyError,
  labelIndex,
  labelledImages,
  splitFeatures,
  type SplitSelector
} from '../training/dataset-features'
import type { ExtractionProgress } from '../../../../shared/types/engine'
import type { ClassificationMetrics, OperatingThreshold } from '../../../../shared/types/training'
import { metricsOf } from './evaluate'

export interface EvaluateResult {
  modelId: string
  dataset: string
  split: SplitSelector
  threshold: OperatingThreshold | null
  metrics: ClassificationMetrics
  /** Images without stored features (unreadable), left out. */
  missing: number
  /** Calibration, unfamiliar share and review flag on this set; null for versions without a trust profile. */
  trust: TrustOnSet | null
}

/**
 * The scan's cheap image checks (format, size, colour) on the set's files, so that `evaluate` counts as
 * unfamiliar what a scan of the same files would. Files that moved since import pass (their features decide).
 */
async function imageChecksOf(db: Database, shas: string[], profile: ImageProfile): Promise<boolean[]> {
  const out: boolean[] = []
  const colour = Boolean(profile.colour)
  // A few files at once: sharp decodes on libuv's pool while this thread computes the statistics.
  for (let i = 0; i < shas.length; i += 8) {
    const chunk = shas.slice(i, i + 8)
    const headers = await Promise.all(
      chunk.map(async (sha) => {
        const [path] = imagePathsBySha256(db, [sha])
        return path ? readImageHeader(path, colour) : undefined
      })
    )
    for (const h of headers) out.push(imageReasons(h, profile).length > 0)
  }
  return out
}

export async function evaluateModel(
  db: Database,
  dirs: DataDir,
  o: {
    model?: string
    dataset: string
    split: SplitSelector
    /** Backend, ONNX provider and workers from the configuration. */
    engine?: EngineConfig
    onExtractProgress?: (p: ExtractionProgress) => void
  }
): Promise<EvaluateResult> {
  await initBackend(tfjsBackendOf(o.engine?.backend))
  const { version, head } = await loadModelVersion(db, dirs, o.model)
  try {
    const images = labelledImages(db, o.dataset)
    if (o.split !== 'all' && !images.some((i) => i.split === o.split))
      throw new DatasetNotReadyError(
        `dataset ${o.dataset} has no ${o.split} split (evaluate on all its labelled images instead, or split the dataset first)`
      )
    const index = labelIndex(version.classes, new Set(images.map((i) => i.label)), o.dataset)
    await extractDatasetFeatures(db, dirs, o.dataset, {
      ...o.engine,
      backbone: version.backbone,
      onProgress: o.onExtractProgress
    })
    const set = splitFeatures(db, version.backbone, images, o.split, index)
    if (!set.labels.length)
      throw new DatasetNotReadyError(
        `dataset ${o.dataset}: no image of the ${o.split} split has stored features`
      )
    const raw = predictProbabilities(head, set.features, set.featureDim)
    const t = version.trust
    const imageUnfamiliar = t ? await imageChecksOf(db, set.shas, t.images) : undefined
    const applied = t
      ? trustOnSet({
          trust: t,
          detector: readOodDetector(modelDir(db, dirs, version.id), t.ood, version.classes.length),
          probs: raw,
          labels: set.labels,
          features: set.features,
          featureDim: set.featureDim,
          classes: version.classes,
          threshold: version.threshold,
          imageUnfamiliar
        })
      : null
    return {
      modelId: version.id,
      dataset: o.dataset,
      split: o.split,
      threshold: version.threshold,
      // The version's probabilities are calibrated ones when it has a temperature: what scans store.
      metrics: metricsOf(applied?.calibrated ?? raw, set.labels, version.classes, version.threshold),
      missing: set.missing,
      trust: applied?.result ?? null
    }
  } finally {
    head.dispose()
  }
}
