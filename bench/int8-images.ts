/** Real cells for bench:int8: calibration and held-out images drawn apart from the same folders. */
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { loadModelInput } from '../src/main/core/images/preprocess'
import type { CalibrationImages } from '../src/main/core/onnx/quantize/calibrate'
import type { NormalizeMode } from '../src/shared/types/preprocessing'
import { SHARED, SIZE } from './onnx-common'

function listImages(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) =>
      e.isDirectory()
        ? listImages(join(dir, e.name))
        : /\.(jpe?g|bmp|png)$/i.test(e.name)
          ? [join(dir, e.name)]
          : []
    )
    .sort()
}

/**
 * `count` calibration files and `count` held-out files, interleaved over the sorted Aria folders (every class,
 * no file in both), the C-NMC samples added to calibration when asked (DenseNet's own domain).
 */
export function calibrationSplit(
  count: number,
  heldOut: number,
  withCnmc: boolean
): { calibration: string[]; heldOut: string[] } {
  const aria = listImages(join(SHARED, 'data/aria-all'))
  const stride = Math.floor(aria.length / (count + heldOut))
  const picked = Array.from({ length: count + heldOut }, (_, i) => aria[i * stride])
  const calibration = picked.filter((_, i) => i % 2 === 0 || i >= 2 * heldOut).slice(0, count)
  const rest = picked.filter((f) => !calibration.includes(f)).slice(0, heldOut)
  const cnmc = withCnmc ? listImages(join(SHARED, 'data/cnmc-samples')) : []
  return { calibration: [...cnmc, ...calibration].slice(0, count), heldOut: rest }
}

export async function loadImages(files: string[], normalize: NormalizeMode): Promise<CalibrationImages> {
  const per = SIZE * SIZE * 3
  const data = new Float32Array(files.length * per)
  const prep = { inputSize: SIZE, resize: 'nearest', normalize } as const
  for (let i = 0; i < files.length; i++) data.set(await loadModelInput(files[i], prep), i * per)
  return { data, count: files.length, shape: [SIZE, SIZE, 3] }
}
