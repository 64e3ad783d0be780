/**
 * What makes a backbone an int8 one: a `quantization.json` among its checksummed files, recording the fp32
 * backbone it was made from, the exact images that calibrated it, the calibration method chosen and what was
 * measured when it was made. The int8 ONNX graph beside it (backbone.onnx) is the backbone's weights.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'

import { INT8_RECORD_FILE } from '../../../../shared/backbone-precision'

export { INT8_RECORD_FILE } from '../../../../shared/backbone-precision'

export interface Int8Record {
  format: 1
  /** The fp32 backbone: its name, checksum and the sha256 of the ONNX graph that was quantized. */
  source: { name: string; sha256: string; onnxSha256: string }
  /** The dataset whose images calibrated it, which split they came from, and every image's sha256. */
  calibration: { dataset: string; split: 'train' | 'all'; images: string[]; heldOut: number }
  /** Activation range estimator kept, and every one tried (feature cosine against fp32 on held-out images). */
  method: string
  methods: { method: string; meanCosine: number; worstCosine: number; images: number }[]
  /** 7-bit weights (a CPU without VNNI made it). */
  reduceRange: boolean
  foldedBatchNorms: number
  /** BatchNorms with no Conv before them, left in float (DenseNet's pre-activations). */
  keptBatchNorms: number
  /** Convolutions left in float. */
  floatConvs: string[]
  opCounts: Record<string, number>
  /** fp32 and int8 images/s measured on this machine right after quantizing (same images, alternated). */
  speed: { fp32: number; int8: number; images: number; batch: number; cpu: string }
  createdAt: string
}

/** The record of an int8 backbone's folder, or undefined for an fp32 backbone. */
export function readInt8Record(dir: string): Int8Record | undefined {
  try {
    return JSON.parse(readFileSync(join(dir, INT8_RECORD_FILE), 'utf8')) as Int8Record
  } catch {
    return undefined
  }
}
