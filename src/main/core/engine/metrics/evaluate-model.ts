/** `evaluate`: any stored model on any imported dataset (its test split, or all its labelled images). */
import type { Store } from '../../db/store'
import type { DataDir } from '../../paths'
import { initBackend, tfjsBackendOf } from '../backend'
import type { EngineConfig } from '../runners'
import { extractDatasetFeatures } from '../features/dataset'
import { loadModelVersion, modelDir } from '../models/registry'
import { predictProbabilities } from '../head/head'
import { readOodDetector } from '../../trust/ood-files'
import type { TrustOnSet } from '../../trust/on-set'
import { getDatasetByName } from '../../db/queries/datasets'
import {
  DatasetNotReadyError,
  labelIndex,
  labelledImages,
  splitFeatures,
  type SplitSelector
} from '../training/dataset-features'
import type { ExtractionProgress } from '../../../../shared/types/engine'
import type { ClassificationMetrics, OperatingThreshold } from '../../../../shared/types/training'
import { scoreSet } from './score-set'

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

export async function evaluateModel(
  store: Store,
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
  const { version, head } = await loadModelVersion(store, dirs, o.model)
  try {
    const images = await labelledImages(store.k, o.dataset)
    if (o.split !== 'all' && !images.some((i) => i.split === o.split))
      throw new DatasetNotReadyError(
        `dataset ${o.dataset} has no ${o.split} split (evaluate on all its labelled images instead, or split the dataset first)`
      )
    const index = labelIndex(version.classes, new Set(images.map((i) => i.label)), o.dataset)
    await extractDatasetFeatures(store, dirs, o.dataset, {
      ...o.engine,
      backbone: version.backbone,
      onProgress: o.onExtractProgress
    })
    const set = await splitFeatures(store, version.backbone, images, o.split, index)
    if (!set.labels.length)
      throw new DatasetNotReadyError(
        `dataset ${o.dataset}: no image of the ${o.split} split has stored features`
      )
    const raw = predictProbabilities(head, set.features, set.featureDim)
    const t = version.trust
    const dir = t ? await modelDir(store, dirs, version.id) : ''
    const scored = await scoreSet({
      q: store.k,
      classes: version.classes,
      threshold: version.threshold,
      probs: raw,
      set,
      images,
      blockSize: (await getDatasetByName(store.k, o.dataset))?.split?.blockSize,
      trust: t ?? null,
      detector: t ? readOodDetector(dir, t.ood, version.classes.length) : null
    })
    return {
      modelId: version.id,
      dataset: o.dataset,
      split: o.split,
      threshold: version.threshold,
      // The version's probabilities are calibrated ones when it has a temperature: what scans store.
      metrics: scored.metrics,
      missing: set.missing,
      trust: scored.trust
    }
  } finally {
    head.dispose()
  }
}
