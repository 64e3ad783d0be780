/**
 * A quick fp32-vs-int8 timing on this machine, kept with an int8 backbone so `doctor` can say what int8 gives
 * here. Both sessions open side by side and alternate over the same images, so a change of load on a shared
 * machine falls on both alike; throughput is images over the summed time of each.
 */
import { performance } from 'node:perf_hooks'
import { OnnxFeatureRunner } from '../feature-runner'
import type { CalibrationImages } from './calibrate'

export interface SpeedCheck {
  fp32: number
  int8: number
  images: number
  batch: number
}

export async function speedCheck(
  fp32: string | Uint8Array,
  int8: string | Uint8Array,
  images: CalibrationImages,
  options: { rounds?: number; batch?: number; threads?: number } = {}
): Promise<SpeedCheck> {
  const batch = options.batch ?? 8
  const open = (m: string | Uint8Array): Promise<OnnxFeatureRunner> =>
    OnnxFeatureRunner.open(m, {
      inputShape: images.shape,
      provider: 'cpu',
      batchSize: batch,
      threads: options.threads
    })
  const runners = [await open(fp32), await open(int8)]
  try {
    const warm = images.data.subarray(0, Math.min(batch, images.count) * runners[0].imageSize)
    for (const r of runners) await r.run(warm, warm.length / r.imageSize) // ORT plans memory on the first run
    const seconds = [0, 0]
    for (let round = 0; round < (options.rounds ?? 2); round++)
      for (const k of [0, 1]) {
        const t = performance.now()
        await runners[k].run(images.data, images.count)
        seconds[k] += (performance.now() - t) / 1000
      }
    const done = images.count * (options.rounds ?? 2)
    return { fp32: done / seconds[0], int8: done / seconds[1], images: images.count, batch }
  } finally {
    for (const r of runners) await r.release()
  }
}
