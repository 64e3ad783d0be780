import type { NormalizeMode, Preprocessing } from '../../../shared/types/preprocessing'
import { decodeImageFile, type DecodeLimits } from './decode'
import type { DecodedImage } from './errors'
import { resizeRgb, type RgbPixels } from './resize'

export { resizeRgb, resizeNearest, resizeAntialias, type RgbPixels } from './resize'

const IMAGENET_MEAN = [0.485, 0.456, 0.406]
const IMAGENET_STD = [0.229, 0.224, 0.225]

/**
 * One float32 per (channel, byte value), computed with float32 rounding after every step in the order Keras'
 * `preprocess_input` applies them (x /= 255; x -= mean; x /= std), so values match Keras' float32 arrays.
 */
function buildTable(mode: NormalizeMode): Float32Array {
  const f = Math.fround
  const table = new Float32Array(3 * 256)
  for (let c = 0; c < 3; c++) {
    for (let v = 0; v < 256; v++) {
      table[c * 256 + v] =
        mode === 'torch' ? f(f(f(v / 255) - f(IMAGENET_MEAN[c])) / f(IMAGENET_STD[c])) : f(f(v / 127.5) - 1)
    }
  }
  return table
}

const TABLES: Partial<Record<NormalizeMode, Float32Array>> = {}

function tableFor(mode: NormalizeMode): Float32Array {
  if (mode !== 'torch' && mode !== 'tf') throw new Error(`unknown normalisation mode ${String(mode)}`)
  return (TABLES[mode] ??= buildTable(mode))
}

/** 8-bit RGB (HWC) → float32 model input with the named normalisation. `torch`: ImageNet mean/std; `tf`: [-1, 1]. */
export function normalizeRgb(pixels: Uint8Array, mode: NormalizeMode): Float32Array {
  if (pixels.length % 3 !== 0)
    throw new Error(`RGB pixel buffer length ${pixels.length} is not a multiple of 3`)
  const table = tableFor(mode)
  const out = new Float32Array(pixels.length)
  for (let i = 0; i < pixels.length; i += 3) {
    out[i] = table[pixels[i]]
    out[i + 1] = table[256 + pixels[i + 1]]
    out[i + 2] = table[512 + pixels[i + 2]]
  }
  return out
}

/** Decoded image → model input: size*size*3 float32, HWC, resized and normalised as `prep` says. */
export function preprocessImage(img: DecodedImage | RgbPixels, prep: Preprocessing): Float32Array {
  const resized = resizeRgb(img, prep.inputSize, prep.resize)
  return normalizeRgb(resized.data, prep.normalize)
}

/** Reads an image file and preprocesses it; throws ImageReadError for unusable files. */
export async function loadModelInput(
  path: string,
  prep: Preprocessing,
  limits: DecodeLimits = {}
): Promise<Float32Array> {
  return preprocessImage(await decodeImageFile(path, limits), prep)
}
