/**
 * One training, start to end: extract any missing features, train the published head on the train split,
 * choose the operating threshold on validation, score the test split, and store everything as a model version.
 * Any failure or cancel before the last step leaves the registry untouched (the version is created last, in
 * one transaction).
 */
import type { Database } from '../../db/database'
import type { DataDir } from '../../paths'
import { currentBackend, initBackend, tfjsBackendOf } from '../backend'
import type { EngineConfig } from '../runners'
import { getBackbone } from '../backbones/registry'
import { extractDatasetFeatures } from '../features/dataset'
import { getDatasetByName } from '../../db/queries/datasets'
import { predictProbabilities } from '../head/head'
import { metricsOf } from '../metrics/evaluate'
import { splitImageProfile } from '../../db/queries/trust'
import { fitModelTrust } from '../../trust/model-trust'
import { oodBytes, OOD_FILE } from '../../trust/ood-files'
import type { OodMethod } from '../../../../shared/types/trust'
import { createModelVersion } from '../models/registry'
import type { ExtractionProgress } from '../../../../shared/types/engine'
import type { ModelVersion } from '../../../../shared/types/models'
import type { EpochLog, TrainHyperparameters } from '../../../../shared/types/training'
import { DatasetNotReadyError, labelIndex, labelledImages, splitFeatures } from './dataset-features'
import { PUBLISHED_HYPERPARAMETERS, trainHead } from './train-head'
import { DEFAULT_RECIPE, recipeHyper } from './recipes'
import { cropStyleOfImages } from '../../cells/crop'
import { imagePathsBySha256 } from '../../db/queries/images'
import { decodeImageFile } from '../../images/decode'
import { colourStatsOfFiles, evenSample, fitColourProfile } from '../../trust/colour'
import { noDatasetMessage } from '../../import/dataset-info'

export interface TrainModelOptions {
  dataset: string
  backbone: string
  hyper?: Partial<TrainHyperparameters>
  /** Named recipe the hyperparameters start from (recipes.ts; default DEFAULT_RECIPE); `hyper` overrides it. */
  recipe?: string
  /** Two classes: pick the threshold reaching this sensitivity for the malignant class (else max balanced accuracy). */
  targetSensitivity?: number
  /** Share of validation errors the review flag must catch (default 0.9). */
  errorCatch?: number
  /** Unfamiliar-image detector (default: the measured one, trust/profile.ts). */
  oodMethod?: OodMethod
  name?: string
  activate?: boolean
  /** Backend, ONNX provider and workers from the configuration (feature extraction, TF.js for the head). */
  engine?: EngineConfig
  onEpoch?: (log: EpochLog) => void
  onExtractProgress?: (p: ExtractionProgress) => void
  signal?: AbortSignal
}

export interface TrainModelResult {
  version: ModelVersion
  /** Images per split that had no stored vector (unreadable) and were left out; the test split's by path. */
  missing: { train: number; val: number; test: number; testPaths: string[] }
}

export async function trainModel(
  db: Database,
  dirs: DataDir,
  o: TrainModelOptions
): Promise<TrainModelResult> {
  const hyper: TrainHyperparameters = {
    ...PUBLISHED_HYPERPARAMETERS,
    ...recipeHyper(o.recipe ?? DEFAULT_RECIPE),
    ...o.hyper
  }
  const ds = getDatasetByName(db, o.dataset)
  if (!ds) throw new DatasetNotReadyError(noDatasetMessage(db, o.dataset))
  const images = labelledImages(db, o.dataset)
  if (!images.some((i) => i.split))
    throw new DatasetNotReadyError(`dataset ${o.dataset} has no train/val/test split yet: split it first`)
  const classes = [...new Set(images.map((i) => i.label))].sort()
  if (classes.length < 2)
    throw new DatasetNotReadyError(
      `dataset ${o.dataset} has ${classes.length} class; training needs at least 2`
    )
  const backbone = getBackbone(db, o.backbone)
  // How cells cut from whole fields must look to this model: like its training images (see cells/crop.ts).
  const cropStyle = await cropStyleOfImages(
    imagePathsBySha256(
      db,
      images.filter((i) => i.split === 'train').map((i) => i.sha256)
    ),
    decodeImageFile
  )
  // The colour check's reference: training images' colours, threshold from validation images (trust/colour.ts).
  const colourOf = (split: string): Promise<Float64Array[]> =>
    colourStatsOfFiles(
      evenSample(
        imagePathsBySha256(
          db,
          images.filter((i) => i.split === split).map((i) => i.sha256)
        )
      ),
      decodeImageFile
    )
  const colour = fitColourProfile(await colourOf('train'), await colourOf('val'))
  await initBackend(tfjsBackendOf(o.engine?.backend))
  const extraction = await extractDatasetFeatures(db, dirs, o.dataset, {
    ...o.engine,
    backbone: o.backbone,
    flip: hyper.flip,
    onProgress: o.onExtractProgress,
    signal: o.signal
  })
  if (o.signal?.aborted) throw new DOMException('training cancelled', 'AbortError')
  const index = labelIndex(classes, classes, o.dataset)
  const train = splitFeatures(db, o.backbone, images, 'train', index, { flip: hyper.flip })
  const val = splitFeatures(db, o.backbone, images, 'val', index)
  const test = splitFeatures(db, o.backbone, images, 'test', index)
  for (const [name, s] of [
    ['train', train],
    ['val', val],
    ['test', test]
  ] as const)
    if (!s.labels.length)
      throw new DatasetNotReadyError(
        `dataset ${o.dataset}: the ${name} split has no image with stored features`
      )
  const result = await trainHead({
    train,
    val,
    classCount: classes.length,
    hyper,
    onEpoch: o.onEpoch,
    signal: o.signal
  })
  try {
    const t0 = performance.now()
    const valProbs = predictProbabilities(result.model, val.features, val.featureDim)
    const testProbs = predictProbabilities(result.model, test.features, test.featureDim)
    // Temperature, threshold (on calibrated probabilities), flag point and OOD detector, all from validation.
    const fitted = fitModelTrust({
      classes,
      train: hyper.flip ? splitFeatures(db, o.backbone, images, 'train', index) : train,
      val: { ...val, probs: valProbs },
      test: { ...test, probs: testProbs },
      targetSensitivity: o.targetSensitivity,
      errorCatch: o.errorCatch,
      method: o.oodMethod,
      images: { ...splitImageProfile(db, o.dataset, 'train'), ...(colour && { colour }) }
    })
    const threshold = fitted.threshold
    const metrics = {
      test: metricsOf(fitted.testCalibrated, test.labels, classes, threshold, { withRoc: true }),
      testArgmax: metricsOf(fitted.testCalibrated, test.labels, classes, null),
      validation: metricsOf(fitted.valCalibrated, val.labels, classes, threshold)
    }
    const evaluateSeconds = (performance.now() - t0) / 1000
    if (o.signal?.aborted) throw new DOMException('training cancelled', 'AbortError')
    const flags = [
      hyper.classWeight !== 'none' && `class weights ${hyper.classWeight}`,
      hyper.flip && 'flip augmentation',
      hyper.monitor !== 'val_loss' && `monitor ${hyper.monitor}`,
      o.targetSensitivity !== undefined && `target sensitivity ${o.targetSensitivity}`
    ].filter((f): f is string => Boolean(f))
    const version = await createModelVersion(
      db,
      dirs,
      {
        name: o.name ?? [o.dataset, backbone.name, ...flags].join(' · '),
        source: 'trained',
        backbone: backbone.name,
        featureDim: backbone.featureDim,
        classes,
        preprocessing: cropStyle ? { ...backbone.preprocessing, cropStyle } : backbone.preprocessing,
        hyperparameters: hyper,
        dataset: o.dataset,
        split: {
          by: ds.split?.by ?? null,
          seed: ds.split?.seed ?? null,
          counts: { train: train.labels.length, val: val.labels.length, test: test.labels.length }
        },
        history: result.history,
        bestEpoch: result.bestEpoch,
        metrics,
        threshold,
        backend: currentBackend()?.name ?? 'unknown',
        timings: { extractSeconds: extraction.seconds, trainSeconds: result.seconds, evaluateSeconds },
        note: flags.join(', ') || null,
        trust: fitted.trust
      },
      result.model,
      { activate: o.activate, extraFiles: { [OOD_FILE]: oodBytes(fitted.detector) } }
    )
    return {
      version,
      missing: { train: train.missing, val: val.missing, test: test.missing, testPaths: test.missingPaths }
    }
  } finally {
    result.model.dispose()
  }
}
