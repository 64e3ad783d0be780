/**
 * `backbone quantize`: makes an int8 copy of a registered fp32 backbone, calibrated on images the caller chose,
 * and registers it as a backbone of its own (own folder, own checksum, own feature-store key). The folder holds
 * the source's files (so the copy says exactly what it came from), the int8 ONNX graph that is run, and
 * quantization.json with the source, the calibration images and what was measured. A failure leaves nothing.
 */
import { createHash } from 'node:crypto'
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Store } from '../../db/store'
import { selectBackboneByName } from '../../db/queries/backbones'
import type { DataDir } from '../../paths'
import { loadModelInput } from '../../images/preprocess'
import { ensureOnnxExport } from '../../onnx/backbone-export'
import {
  EXPORTER_VERSION,
  ONNX_FILE,
  ONNX_META_FILE,
  sourceDigest,
  type OnnxExportMeta
} from '../../onnx/export-state'
import type { CalibrationImages } from '../../onnx/quantize/calibrate'
import { cpuInt8Support } from '../../onnx/quantize/cpu-int8'
import { quantizeModel, sliceImages } from '../../onnx/quantize/quantize-model'
import { speedCheck } from '../../onnx/quantize/speed-check'
import type { BackboneFile, BackboneSummary } from '../../../../shared/types/engine'
import { initBackend } from '../backend'
import { BackboneAddError, backboneDigest, copyWithSha, NAME_RULE } from './add'
import { INT8_RECORD_FILE, type Int8Record } from './int8-record'
import { getBackbone, getBackboneSpec, insertBackbone } from './registry'

export interface QuantizeBackboneOptions {
  source: string
  /** Default: `<source>-int8`. */
  name?: string
  dataset: string
  split: 'train' | 'all'
  /** Calibration images (readable paths with their sha256), in the order to use them. */
  images: { sha256: string; path: string }[]
  threads?: number
  log?: (line: string) => void
}

export async function quantizeBackbone(
  store: Store,
  dirs: DataDir,
  opts: QuantizeBackboneOptions
): Promise<{ backbone: BackboneSummary; record: Int8Record }> {
  const log = opts.log ?? (() => {})
  const name = opts.name ?? `${opts.source}-int8`
  if (!NAME_RULE.test(name))
    throw new BackboneAddError(
      `backbone name ${JSON.stringify(name)}: use letters, digits, '.', '_' or '-' (up to 64)`
    )
  if (await selectBackboneByName(store.k, name))
    throw new BackboneAddError(`a backbone named ${name} exists already (choose another --name)`)
  const source = await getBackbone(store, opts.source)
  if (source.precision === 'int8')
    throw new BackboneAddError(`backbone ${opts.source} is int8 already: quantize its fp32 source`)
  if (opts.images.length < 8)
    throw new BackboneAddError(
      `quantizing needs at least 8 calibration images (dataset ${opts.dataset} gave ${opts.images.length})`
    )
  const spec = await getBackboneSpec(store, dirs, opts.source)
  await initBackend()
  const exported = await ensureOnnxExport(spec)
  if (exported.state !== 'ready')
    throw new BackboneAddError(`backbone ${opts.source} cannot be quantized: ${exported.why}`)
  const fp32 = readFileSync(exported.path)

  log(`reading ${opts.images.length} calibration images of ${opts.dataset}`)
  const size = spec.preprocessing.inputSize
  const per = size * size * 3
  const images: CalibrationImages = {
    data: new Float32Array(opts.images.length * per),
    count: opts.images.length,
    shape: [size, size, 3]
  }
  for (let i = 0; i < opts.images.length; i++)
    images.data.set(await loadModelInput(opts.images[i].path, spec.preprocessing), i * per)

  const cpu = cpuInt8Support()
  const q = await quantizeModel(fp32, images, { threads: opts.threads, log })
  log(`timing fp32 against int8 on this machine`)
  const held = sliceImages(images, q.calibrationImages, images.count)
  const speed = await speedCheck(fp32, q.bytes, held, { threads: opts.threads })
  log(
    `fp32 ${speed.fp32.toFixed(1)} images/s, int8 ${speed.int8.toFixed(1)} images/s (×${(speed.int8 / speed.fp32).toFixed(2)})`
  )

  const record: Int8Record = {
    format: 1,
    source: { name: source.name, sha256: source.sha256, onnxSha256: exported.meta.sha256! },
    calibration: {
      dataset: opts.dataset,
      split: opts.split,
      images: opts.images.map((i) => i.sha256),
      heldOut: q.heldOutImages
    },
    method: q.method,
    methods: q.methods,
    reduceRange: q.reduceRange,
    foldedBatchNorms: q.fold.folded,
    keptBatchNorms: q.fold.kept.length,
    floatConvs: q.graph.floatConvs,
    opCounts: q.graph.opCounts,
    speed: { ...speed, cpu: `${cpu.model}; ${cpu.summary}` },
    createdAt: new Date().toISOString()
  }

  const staging = join(dirs.tmp, `backbone-${name}-${process.pid}-${Date.now()}`)
  try {
    const files: BackboneFile[] = []
    for (const f of source.files) files.push(await copyWithSha(join(spec.dir, f.name), join(staging, f.name)))
    const recordBytes = Buffer.from(JSON.stringify(record, null, 2))
    writeFileSync(join(staging, INT8_RECORD_FILE), recordBytes)
    files.push(fileEntry(INT8_RECORD_FILE, recordBytes))
    writeFileSync(join(staging, ONNX_FILE), q.bytes)
    files.push(fileEntry(ONNX_FILE, q.bytes))
    const meta: OnnxExportMeta = {
      exporterVersion: EXPORTER_VERSION,
      source: { entry: spec.entry, sha256: sourceDigest(staging) },
      inputShape: [size, size, 3],
      featureDim: spec.featureDim,
      sha256: files[files.length - 1].sha256,
      bytes: q.bytes.length,
      opCounts: q.graph.opCounts,
      ...(exported.meta.featureMapShape ? { featureMapShape: exported.meta.featureMapShape } : {}),
      quantizedFrom: source.name,
      exportedAt: record.createdAt
    }
    writeFileSync(join(staging, ONNX_META_FILE), JSON.stringify(meta, null, 2))
    const sha256 = backboneDigest(files)
    const dir = `${name}-${sha256.slice(0, 12)}`
    rmSync(join(dirs.backbones, dir), { recursive: true, force: true })
    renameSync(staging, join(dirs.backbones, dir))
    try {
      const backbone = await insertBackbone(store, dirs, {
        name,
        kind: source.kind,
        dir,
        files,
        sha256,
        preprocessing: source.preprocessing,
        featureDim: source.featureDim,
        params: source.params,
        source: `int8 of ${source.name} (sha256 ${source.sha256.slice(0, 12)}), calibrated on ${opts.images.length} images of ${opts.dataset}`
      })
      return { backbone, record }
    } catch (err) {
      rmSync(join(dirs.backbones, dir), { recursive: true, force: true })
      throw err
    }
  } finally {
    rmSync(staging, { recursive: true, force: true })
  }
}

function fileEntry(name: string, bytes: Uint8Array): BackboneFile {
  return { name, bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') }
}
