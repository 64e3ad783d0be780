/**
 * What a workstation without the scanned file explains a cell from (Grad-CAM needs the model's input). Measured
 * on real cells with a trained MobileNetV2 model (bench/stored-explain.ts): the stored 96-px thumbnail, upscaled,
 * moves the probability by up to 0.78 and changes up to half of the decisions, and its heatmap correlates 0.3–0.7
 * with the original's; a lossy JPEG or WebP of the 224-px input still moves it by up to 0.19 (WebP q90) to 0.46
 * (JPEG q75). A lossless copy of the model input — the cell resized to the backbone's side exactly as the scan
 * resized it — gives back the very same input, hence the same probability and heatmap, at 10–62 KB a cell as
 * lossless WebP (PNG: 19–104).
 * So that copy is stored; the thumbnail stays for lists, and for explaining only as a last, labelled resort.
 */
import sharp from 'sharp'
import type { Preprocessing } from '../../../shared/types/preprocessing'
import { cellCopiesOf, thumbnailOfContent } from '../db/queries/cell-copies'
import type { Queries } from '../db/store'
import { resizeRgb, type RgbPixels } from '../images/preprocess'

/** The side and resize method of a model input: what a copy is stored and looked up by. */
export type InputShape = Pick<Preprocessing, 'inputSize' | 'resize'>

/** A lossless WebP of the model input of decoded pixels (the cell resized as `shape` says). */
export function modelInputCopy(img: RgbPixels, shape: InputShape): Promise<Buffer> {
  const input = resizeRgb(img, shape.inputSize, shape.resize)
  return rawImage(input).webp({ lossless: true }).toBuffer()
}

function rawImage(px: RgbPixels) {
  return sharp(Buffer.from(px.data.buffer, px.data.byteOffset, px.data.byteLength), {
    raw: { width: px.width, height: px.height, channels: 3 }
  })
}

/** Stored bytes (WebP, JPEG) → RGB pixels. */
async function decodeStored(bytes: Buffer): Promise<RgbPixels> {
  const { data, info } = await sharp(bytes).removeAlpha().raw().toBuffer({ resolveWithObject: true })
  return {
    data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
    width: info.width,
    height: info.height
  }
}

/** A stored picture of a cell, and how far it is from what the model saw of the original. */
export interface StoredCellPicture {
  pixels: RgbPixels
  /** `input`: a lossless copy of a model input; `thumbnail`: the 96-px JPEG kept for lists. */
  kind: 'input' | 'thumbnail'
  /** Its longer side in pixels. */
  side: number
  /** True when it is exactly the model input of the original for `shape` (same side, same resize method). */
  exact: boolean
}

/**
 * The best stored picture of a content for a model reading `shape`: the exact model-input copy, else another
 * model input copy (the largest), else the thumbnail; undefined when the store holds none.
 */
export async function storedCellPicture(
  q: Queries,
  imageSha256: string,
  shape: InputShape
): Promise<StoredCellPicture | undefined> {
  const copies = await cellCopiesOf(q, imageSha256)
  const copy = copies.find((c) => c.side === shape.inputSize && c.resize === shape.resize) ?? copies[0]
  if (copy)
    return {
      pixels: await decodeStored(copy.bytes),
      kind: 'input',
      side: copy.side,
      exact: copy.side === shape.inputSize && copy.resize === shape.resize
    }
  const thumbnail = await thumbnailOfContent(q, imageSha256)
  if (!thumbnail) return undefined
  const pixels = await decodeStored(thumbnail)
  return { pixels, kind: 'thumbnail', side: Math.max(pixels.width, pixels.height), exact: false }
}
