/**
 * One training, start to end: extract any missing features, train the published head on the train split,
 * choose the operating threshold on validation, score the test split, and store everything as a model version.
 * Any failure or cancel before the last step leaves the registry untouched (the version is created last, in
 * one transaction).
 */
import type { Queries, Store } from '../../db/store'
import type { DataDir } from '../../paths'
import { currentBackend, initBackend, tfjsBackendOf } from '../backend'
import type { EngineConfig } from '../runners'
import { getBackbone } from '../backbones/registry'
import { extractDatasetFeatures } from '../features/dataset'
import { getDatasetByName } from '../../db/queries/datasets'
import { predictProbabilities } from '../head/head'
import { metricsOf } from '../metrics/evaluate'
import { recallIntervals, scoreSet, withIntervals } from '../metrics/score-set'
import { thresholdTargets } from '../../trust/operating-point'
import { splitImageProfile } from '../../db/queries/trust'
import { fitModelTrust } from '../../trust/model-trust'
import { oodBytes, OOD_FILE } from '../../trust/ood-files'
import type { OodMethod } from '../../../../shared/types/trust'
import { createModelVersion } from '../models/registry'
import type { ExtractionProgress } from '../../../../shared/types/engine'
import type { ModelVersion } from '../../../../shared/types/models'
import type { EpochLog, OperatingPoint, TrainHyperparameters } from '../../../../shared/types/training'
import {
  DatasetNotReadyError,
  labelIndex,
  labelledImages,
  splitFeatures,
  type LabelledImage
} from './dataset-features'
import { PUBLISHED_HYPERPARAMETERS, trainHead } from './train-head'
import { DEFAULT_RECIPE, recipeHyper } from './recipes'
import { linearHeadConfig, trainLinearHead } from './linear-head'
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
  /** Two classes: the decision rule (balanced, or a sensitivity or specificity to reach); wins over targetSensitivity. */
  operatingPoint?: OperatingPoint
  /** Share of validation errors the review flag must catch (default DEFAULT_ERROR_CATCH, 0.8). */
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
  store: Store,
  dirs: DataDir,
  o: TrainModelOptions
): Promise<TrainModelResult> {
  const base: TrainHyperparameters = {
    ...PUBLISHED_HYPERPARAMETERS,
    ...recipeHyper(o.recipe ?? DEFAULT_RECIPE),
    ...o.hyper
  }
  const ds = await getDatasetByName(store.k, o.dataset)
  if (!ds) throw new DatasetNotReadyError(await noDatasetMessage(store.k, o.dataset))
  const images = await labelledImages(store.k, o.dataset)
  if (!images.some((i) => i.split))
    throw new DatasetNotReadyError(`dataset ${o.dataset} has no train/val/test split yet: split it first`)
  const classes = [...new Set(images.map((i) => i.label))].sort()
  if (classes.length < 2)
    throw new DatasetNotReadyError(
      `dataset ${o.dataset} has ${classes.length} class; training needs at least 2`
    )
  // A logistic recipe's head has the published layers at the linear model's size (linear-head.ts).
  const hyper = base.linear ? { ...base, head: linearHeadConfig(classes.length) } : base
  const backbone = await getBackbone(store, o.backbone)
  const { cropStyle, colour } = await imageReferences(store.k, images)
  await initBackend(tfjsBackendOf(o.engine?.backend))
  const extraction = await extractDatasetFeatures(store, dirs, o.dataset, {
    ...o.engine,
    backbone: o.backbone,
    flip: hyper.flip,
    onProgress: o.onExtractProgress,
    signal: o.signal
  })
  if (o.signal?.aborted) throw new DOMException('training cancelled', 'AbortError')
  const index = labelIndex(classes, classes, o.dataset)
  const train = await splitFeatures(store, o.backbone, images, 'train', index, { flip: hyper.flip })
  const val = await splitFeatures(store, o.backbone, images, 'val', index)
  const test = await splitFeatures(store, o.backbone, images, 'test', index)
  for (const [name, s] of [
    ['train', train],
    ['val', val],
    ['test', test]
  ] as const)
    if (!s.labels.length)
      throw new DatasetNotReadyError(
        `dataset ${o.dataset}: the ${name} split has no image with stored features`
      )
  const targets = o.operatingPoint
    ? thresholdTargets(o.operatingPoint)
    : { targetSensitivity: o.targetSensitivity }
  const result = await (hyper.linear ? trainLinearHead : trainHead)({
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
    const trainImages = await splitImageProfile(store.k, o.dataset, 'train')
    const fitted = fitModelTrust({
      classes,
      train: hyper.flip ? await splitFeatures(store, o.backbone, images, 'train', index) : train,
      val: { ...val, probs: valProbs },
      test: { ...test, probs: testProbs },
      ...targets,
      errorCatch: o.errorCatch,
      method: o.oodMethod,
      images: { ...trainImages, ...(colour && { colour }) }
    })
    const threshold = fitted.threshold
    // The test split scored exactly as `evaluate` scores it (file checks included), with its intervals.
    const scored = await scoreSet({
      q: store.k,
      classes,
      threshold,
      probs: testProbs,
      set: test,
      images,
      blockSize: ds.split?.blockSize,
      trust: fitted.trust,
      detector: fitted.detector,
      withRoc: true
    })
    if (scored.trust) {
      fitted.trust.testCalibration = scored.trust.calibration
      fitted.trust.testFlag = { errorsFlagged: scored.trust.errorsFlagged, workload: scored.trust.flagged }
      fitted.trust.ood.testUnfamiliar = scored.trust.unfamiliar
    }
    const validation = withIntervals(
      metricsOf(fitted.valCalibrated, val.labels, classes, threshold),
      fitted.valCalibrated,
      val,
      images,
      threshold,
      ds.split?.blockSize
    )
    if (threshold) threshold.validation.intervals = recallIntervals(validation, threshold.positiveClass)
    const metrics = {
      test: scored.metrics,
      testArgmax: metricsOf(fitted.testCalibrated, test.labels, classes, null),
      validation
    }
    const evaluateSeconds = (performance.now() - t0) / 1000
    if (o.signal?.aborted) throw new DOMException('training cancelled', 'AbortError')
    const flags = versionNotes(hyper, o)
    const version = await createModelVersion(
      store,
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
          rule: ds.split?.rule ?? null,
          counts: { train: new Set(train.shas).size, val: val.labels.length, test: test.labels.length }
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

/**
 * What the training images look like, kept with the version: how cells cut from whole fields must look (like the
 * training images, cells/crop.ts) and the colour check's reference (training colours, threshold from validation
 * images, trust/colour.ts).
 */
async function imageReferences(q: Queries, images: LabelledImage[]) {
  const pathsOf = (split: string): Promise<string[]> =>
    imagePathsBySha256(
      q,
      images.filter((i) => i.split === split).map((i) => i.sha256)
    )
  const cropStyle = await cropStyleOfImages(await pathsOf('train'), decodeImageFile)
  const colourOf = async (split: string): Promise<Float64Array[]> =>
    colourStatsOfFiles(evenSample(await pathsOf(split)), decodeImageFile)
  const colour = fitColourProfile(await colourOf('train'), await colourOf('val'))
  return { cropStyle, colour }
}

/** The choices beyond the published recipe, for the version's default name and note. */
function versionNotes(hyper: TrainHyperparameters, o: TrainModelOptions): string[] {
  return [
    hyper.classWeight !== 'none' && `class weights ${hyper.classWeight}`,
    hyper.flip && 'flip augmentation',
    hyper.linear && `logistic regression, L2 ${hyper.linear.l2}`,
    hyper.monitor !== 'val_loss' && `monitor ${hyper.monitor}`,
    o.operatingPoint && o.operatingPoint.kind !== 'balanced'
      ? `operating point ${o.operatingPoint.kind} ${o.operatingPoint.target}`
      : !o.operatingPoint && o.targetSensitivity !== undefined && `target sensitivity ${o.targetSensitivity}`
  ].filter((f): f is string => Boolean(f))
}
