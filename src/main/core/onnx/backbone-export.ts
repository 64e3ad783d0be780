/**
 * The ONNX copy of a backbone, stored beside its files: `backbone.onnx` plus `backbone.onnx.json` holding its
 * sha256 and what it was exported from. Exported once when the backbone is added, and lazily for backbones
 * added before this existed; re-exported when the file is missing, does not match its checksum, or was written
 * by an older exporter. A backbone the exporter cannot write keeps a record of why, so `doctor` can say it
 * without loading the model, and extraction stays on TF.js.
 */
import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { loadBackboneModel, type BackboneSpec } from '../engine/backbones/spec'
import { exportLayersModelToOnnx, UnsupportedLayerError, type UnsupportedLayer } from './export-layers-model'

export const ONNX_FILE = 'backbone.onnx'
export const ONNX_META_FILE = 'backbone.onnx.json'
/** Bump when the exporter writes a different graph for the same weights: stored exports are then redone. */
export const EXPORTER_VERSION = 1

export interface OnnxExportMeta {
  exporterVersion: number
  /** The backbone it was exported from: entry file and a digest over all its files (new weights force a redo). */
  source: { entry: string; sha256: string }
  inputShape: [number, number, number]
  featureDim: number
  /** sha256 of backbone.onnx; absent when the backbone could not be exported. */
  sha256?: string
  bytes?: number
  opCounts?: Record<string, number>
  /** Layers that kept it on TF.js. */
  unsupported?: UnsupportedLayer[]
  exportedAt: string
}

export type OnnxExportState =
  | { state: 'ready'; path: string; meta: OnnxExportMeta }
  | { state: 'unsupported'; why: string; meta: OnnxExportMeta }
  | { state: 'missing' | 'stale' | 'corrupt'; why: string }

export function sha256File(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex')
}

/** sha256 over (name, sha256) of every backbone file in the folder, in name order, except the ONNX copy itself. */
export function sourceDigest(dir: string): string {
  const h = createHash('sha256')
  for (const name of readdirSync(dir).sort()) {
    if (name.startsWith(ONNX_FILE) || name.endsWith('.tmp')) continue
    const path = join(dir, name)
    if (statSync(path).isFile()) h.update(`${name}\0${sha256File(path)}\n`)
  }
  return h.digest('hex')
}

function readMeta(dir: string): OnnxExportMeta | undefined {
  try {
    return JSON.parse(readFileSync(join(dir, ONNX_META_FILE), 'utf8')) as OnnxExportMeta
  } catch {
    return undefined
  }
}

/** What is stored for this backbone, checked against its checksums (reads and hashes the files, loads nothing). */
export function onnxExportState(spec: BackboneSpec): OnnxExportState {
  const meta = readMeta(spec.dir)
  if (!meta) return { state: 'missing', why: `${ONNX_META_FILE} not written yet` }
  if (meta.exporterVersion !== EXPORTER_VERSION) return { state: 'stale', why: `exported by exporter v${meta.exporterVersion}` }
  if (meta.source.entry !== spec.entry || meta.source.sha256 !== sourceDigest(spec.dir))
    return { state: 'stale', why: `the backbone's files changed since the export` }
  const size = spec.preprocessing.inputSize
  if (meta.inputShape[0] !== size || meta.inputShape[1] !== size) return { state: 'stale', why: `exported for ${meta.inputShape[0]} px` }
  if (meta.unsupported) return { state: 'unsupported', why: new UnsupportedLayerError(spec.name, meta.unsupported).message, meta }
  const path = join(spec.dir, ONNX_FILE)
  if (!existsSync(path)) return { state: 'missing', why: `${path} is missing` }
  if (sha256File(path) !== meta.sha256) return { state: 'corrupt', why: `${path} does not match its sha256` }
  return { state: 'ready', path, meta }
}

/**
 * Makes sure the backbone has a valid ONNX export, writing one if needed (the TF.js backend must be started:
 * the model is built to read its weights). Returns the state afterwards: `ready`, or `unsupported` with why.
 */
export async function ensureOnnxExport(spec: BackboneSpec): Promise<Extract<OnnxExportState, { state: 'ready' | 'unsupported' }>> {
  const current = onnxExportState(spec)
  if (current.state === 'ready' || current.state === 'unsupported') return current
  const size = spec.preprocessing.inputSize
  const base = {
    exporterVersion: EXPORTER_VERSION,
    source: { entry: spec.entry, sha256: sourceDigest(spec.dir) },
    inputShape: [size, size, 3] as [number, number, number],
    featureDim: spec.featureDim,
    exportedAt: new Date().toISOString()
  }
  const model = await loadBackboneModel(spec)
  let meta: OnnxExportMeta
  try {
    const ex = exportLayersModelToOnnx(model, { inputSize: size, graphName: spec.name })
    if (ex.outputShapes[0].length !== 1 || ex.outputShapes[0][0] !== spec.featureDim)
      throw new Error(`ONNX export of ${spec.name}: output [${ex.outputShapes[0]}] is not the ${spec.featureDim}-d feature vector`)
    // Written under a temporary name and renamed, so a crash never leaves a half file under the real name.
    const path = join(spec.dir, ONNX_FILE)
    const tmp = `${path}.${process.pid}.tmp`
    writeFileSync(tmp, ex.bytes)
    renameSync(tmp, path)
    meta = { ...base, sha256: createHash('sha256').update(ex.bytes).digest('hex'), bytes: ex.bytes.length, opCounts: ex.opCounts }
  } catch (e) {
    if (!(e instanceof UnsupportedLayerError)) throw e
    rmSync(join(spec.dir, ONNX_FILE), { force: true })
    meta = { ...base, unsupported: e.layers }
  } finally {
    model.dispose()
  }
  const metaPath = join(spec.dir, ONNX_META_FILE)
  writeFileSync(`${metaPath}.tmp`, JSON.stringify(meta, null, 2))
  renameSync(`${metaPath}.tmp`, metaPath)
  const after = onnxExportState(spec)
  if (after.state !== 'ready' && after.state !== 'unsupported') throw new Error(`ONNX export of ${spec.name} failed its own check: ${after.why}`)
  return after
}
