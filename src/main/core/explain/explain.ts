import type { Preprocessing } from '../../../shared/types/preprocessing'
import { tf, type LayersModel } from '../engine/tf'
import { decodeImageFile } from '../images/decode'
import { preprocessImage, type RgbPixels } from '../images/preprocess'
import { decide, type DecisionThreshold } from '../scan/decide'
import type { FeatureMapSource } from './feature-map-source'
import { argmax2d, gradCam, headLogits } from './gradcam'
import { colorize, overlay, upsampleBilinear, writeRgbPng } from './heatmap'

/** What explaining needs: the frozen base's feature maps, the trained head and how the model reads an image. */
export interface ExplainModel {
  /** The frozen base's forward pass to its last feature map (ONNX Runtime or TF.js: feature-map-source.ts). */
  featureMap: FeatureMapSource
  head: LayersModel
  classes: string[]
  preprocessing: Preprocessing
  threshold?: DecisionThreshold
}

export interface Explanation {
  path: string
  className: string
  classIndex: number
  /** The model's decision for the image (threshold rule for two classes). */
  predicted: string
  probabilities: number[]
  /** The feature map averaged over its grid [channels]: the image's feature row, as a scan's backbone gives it. */
  pooled: Float32Array
  /** Grad-CAM grid (e.g. 7×7), row-major, in [0, 1]. */
  cam: Float32Array
  gridHeight: number
  gridWidth: number
  /** Grid cell with the highest value. */
  peak: { y: number; x: number }
  heatmapPath: string
  overlayPath?: string
  /** What ran the frozen base's forward pass (the gradient part is always TF.js). */
  featureMapBackend: string
  width: number
  height: number
}

/**
 * Grad-CAM of one image file for one class (default: the class the model predicts). Writes the heatmap PNG (at
 * the image's own size, since the model input is a full-frame resize of it) and, when asked, the overlay on the
 * cell. Leaves no tensors behind.
 */
export async function explainImage(
  model: ExplainModel,
  path: string,
  out: { heatmap: string; overlay?: string },
  className?: string
): Promise<Explanation> {
  return explainPixels(model, await decodeImageFile(path), path, out, className)
}

/**
 * `explainImage` of pixels already decoded (a stored copy of the cell, core/blobs/cell-copy.ts); `path` names the
 * image in the result.
 */
export async function explainPixels(
  model: ExplainModel,
  img: RgbPixels,
  path: string,
  out: { heatmap: string; overlay?: string },
  className?: string
): Promise<Explanation> {
  if (className !== undefined && !model.classes.includes(className))
    throw new RangeError(
      `class "${className}" is not one of the model's classes (${model.classes.join(', ')})`
    )
  const input = preprocessImage(img, model.preprocessing)
  const score = headLogits(model.head)
  const fmap = await model.featureMap.compute(input)
  const asked = className !== undefined ? model.classes.indexOf(className) : undefined
  try {
    // One pass for the asked class (or class 0), a second only when the predicted class is another one.
    const first = gradCam(fmap, score, asked ?? 0)
    const decision = decide(first.probabilities, model.classes, 0, model.threshold)
    const classIndex = asked ?? decision.index
    const result = classIndex === (asked ?? 0) ? first : gradCam(fmap, score, classIndex)
    const up = upsampleBilinear(result.cam, result.height, result.width, img.height, img.width)
    await writeRgbPng(out.heatmap, colorize(up), img.width, img.height)
    if (out.overlay) await writeRgbPng(out.overlay, overlay(img.data, up), img.width, img.height)
    const peak = argmax2d(result.cam, result.width)
    const mean = tf.mean(fmap, [1, 2])
    const pooled = Float32Array.from(mean.dataSync())
    mean.dispose()
    return {
      pooled,
      path,
      className: model.classes[classIndex],
      classIndex,
      predicted: decision.predicted,
      probabilities: result.probabilities,
      cam: result.cam,
      gridHeight: result.height,
      gridWidth: result.width,
      peak: { y: peak.y, x: peak.x },
      heatmapPath: out.heatmap,
      overlayPath: out.overlay,
      featureMapBackend: model.featureMap.backend,
      width: img.width,
      height: img.height
    }
  } finally {
    fmap.dispose()
  }
}
