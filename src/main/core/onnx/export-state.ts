/**
 * The ONNX copy of a backbone, stored beside its files: `backbone.onnx` plus `backbone.onnx.json` holding its
 * sha256 and what it was exported from. This module only reads and checks that state; writing it is
 * backbone-export.ts. Kept free of model-building imports (the HDF5 reader alone adds ~600 MB of resident
 * memory to a thread), because extraction workers import it.
 */
import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import type { BackboneSpec } from '../engine/backbones/spec'
import { UnsupportedLayerError, type UnsupportedLayer } from './unsupported-layer'

export const ONNX_FILE = 'backbone.onnx'
export const ONNX_META_FILE = 'backbone.onnx.json'
/** Name of the export's optional second output: the feature map its final pooling reduces (NCHW). */
export const FEATURE_MAP_OUTPUT = 'feature_map'
/** Bump when the exporter writes a different graph for the same weights: stored exports are then redone. */
export const EXPORTER_VERSION = 2 // 2: adds the `feature_map` output (Grad-CAM's forward pass)

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
  /** [c, h, w] of the `feature_map` output (NCHW, as the graph computes it), when the export has one. */
  featureMapShape?: [number, number, number]
  /** Layers that kept it on TF.js. */
  unsupported?: UnsupportedLayer[]
  /** An int8 graph made by `backbone quantize` from this fp32 backbone: never redone by the exporter. */
  quantizedFrom?: string
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
  // An int8 graph is not the exporter's output: a newer exporter has nothing to redo in it.
  if (meta.exporterVersion !== EXPORTER_VERSION && !meta.quantizedFrom)
    return { state: 'stale', why: `exported by exporter v${meta.exporterVersion}` }
  if (meta.source.entry !== spec.entry || meta.source.sha256 !== sourceDigest(spec.dir))
    return { state: 'stale', why: `the backbone's files changed since the export` }
  const size = spec.preprocessing.inputSize
  if (meta.inputShape[0] !== size || meta.inputShape[1] !== size)
    return { state: 'stale', why: `exported for ${meta.inputShape[0]} px` }
  if (meta.unsupported)
    return { state: 'unsupported', why: new UnsupportedLayerError(spec.name, meta.unsupported).message, meta }
  const path = join(spec.dir, ONNX_FILE)
  if (!existsSync(path)) return { state: 'missing', why: `${path} is missing` }
  if (sha256File(path) !== meta.sha256) return { state: 'corrupt', why: `${path} does not match its sha256` }
  return { state: 'ready', path, meta }
}
