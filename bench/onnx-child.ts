/**
 * Child of `npm run bench:onnx`: one ONNX Runtime session from a file and one batch size (or real JPEGs end to
 * end), then one JSON line with images/s and this process's peak RSS. It imports only what an extraction
 * worker imports (the ONNX runner and image preprocessing), so the memory figure is the worker's.
 *
 *   tsx bench/onnx-child.ts MODEL.onnx 1|8|16|e2e [torch|tf]
 *
 * The optional last argument is the end-to-end run's normalisation (default torch, DenseNet's; tf for MobileNet).
 *
 * The image layout is read from the graph's input (NHWC for Leukolens' own export, NCHW for a reference graph
 * from another exporter), so a reference graph is timed with the same code.
 */
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { loadModelInput } from '../src/main/core/images/preprocess'
import { OnnxFeatureRunner } from '../src/main/core/onnx/feature-runner'
import { loadOrt } from '../src/main/core/onnx/runtime'
import { N, PER, peakRssMb, randomImages, SHARED, SIZE, type ChildResult } from './onnx-common'

/** [H, W, C] or [C, H, W] of one image, from the graph's declared input shape. */
async function imageShape(onnxPath: string): Promise<[number, number, number]> {
  const session = await loadOrt().InferenceSession.create(onnxPath)
  const meta = session.inputMetadata[0]
  await session.release()
  const dims = meta.isTensor ? meta.shape.slice(1) : []
  if (dims.length !== 3 || !dims.every((d) => typeof d === 'number'))
    throw new Error(
      `${onnxPath}: input ${meta.name} is not one image batch of fixed size (shape ${JSON.stringify(meta.isTensor ? meta.shape : 'non-tensor')})`
    )
  return dims as [number, number, number]
}

async function child(onnxPath: string, mode: string, normalize: 'torch' | 'tf'): Promise<void> {
  const endToEnd = mode === 'e2e'
  const batch = endToEnd ? 8 : Number(mode)
  const inputShape = await imageShape(onnxPath)
  if (inputShape.reduce((a, b) => a * b) !== PER)
    throw new Error(`${onnxPath}: input ${JSON.stringify(inputShape)} is not one ${SIZE}×${SIZE} RGB image`)
  if (endToEnd && inputShape[2] !== 3) throw new Error(`${onnxPath}: the end-to-end run feeds NHWC images`)
  const runner = await OnnxFeatureRunner.open(onnxPath, {
    inputShape,
    provider: 'cpu',
    batchSize: batch
  })
  const warm = randomImages(batch, 2)
  await runner.run(warm, batch) // ORT plans memory per input shape on the first run
  let images = N
  const t = performance.now()
  const cpu0 = process.cpuUsage()
  if (!endToEnd) {
    // Generated batch by batch, as decoded images arrive in a real extraction: memory holds one batch.
    for (let i = 0; i < N; i += batch) {
      const n = Math.min(batch, N - i)
      await runner.run(randomImages(n, 10 + i), n)
    }
  } else {
    const root = join(SHARED, 'data/aria-all')
    const files = ['Benign', 'Early', 'Pre', 'Pro']
      .flatMap((c) =>
        readdirSync(join(root, c))
          .sort()
          .map((f) => join(root, c, f))
      )
      .slice(0, N)
    images = files.length
    const prep = { inputSize: SIZE, resize: 'nearest', normalize } as const
    const load = (i: number): Promise<Float32Array[]> =>
      Promise.all(files.slice(i, i + batch).map((f) => loadModelInput(f, prep)))
    let next = load(0)
    for (let i = 0; i < files.length; i += batch) {
      const got = await next
      if (i + batch < files.length) next = load(i + batch) // decode the next batch while this one runs
      const flat = new Float32Array(got.length * PER)
      got.forEach((x, k) => flat.set(x, k * PER))
      await runner.run(flat, got.length)
    }
  }
  const s = (performance.now() - t) / 1000
  const cpu = process.cpuUsage(cpu0)
  await runner.release()
  const cpuSecondsPerImage = (cpu.user + cpu.system) / 1e6 / images
  const result: ChildResult = {
    imagesPerSecond: images / s,
    images,
    peakRssMb: peakRssMb(),
    cpuSecondsPerImage
  }
  console.log(JSON.stringify(result))
}

const [onnxPath, mode, normalize = 'torch'] = process.argv.slice(2)
if (normalize !== 'torch' && normalize !== 'tf') throw new Error(`normalisation ${normalize}: torch or tf`)
child(onnxPath, mode, normalize).catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e)
  process.exit(1)
})
