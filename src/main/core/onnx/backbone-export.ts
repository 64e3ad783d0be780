/**
 * Writes the ONNX copy of a backbone beside its files (see export-state.ts for the layout and checks). Run when
 * the backbone is first used for extraction — which covers backbones added before this existed — and again
 * when the file is missing, does not match its checksum, or was written by an older exporter. A backbone the
 * exporter cannot write keeps a record of why, so `doctor` can say it without loading the model, and extraction
 * stays on TF.js.
 */
import { createHash } from 'node:crypto'
import { rmSync, writeFileSync } from 'node:fs'
import { writeAtomicallySync } from '../files/staging'
import { join } from 'node:path'
import type { BackboneSpec } from '../engine/backbones/spec'
import type { LayersModel } from '../engine/tf'
import {
  exportLayersModelToOnnx,
  FEATURE_MAP_OUTPUT,
  NoFeatureMapError,
  type ExportOptions,
  type OnnxExport
} from './export-layers-model'
import {
  EXPORTER_VERSION,
  ONNX_FILE,
  ONNX_META_FILE,
  onnxExportState,
  sourceDigest,
  type OnnxExportMeta,
  type OnnxExportState
} from './export-state'
import { UnsupportedLayerError } from './unsupported-layer'

export * from './export-state'

/**
 * Makes sure the backbone has a valid ONNX export, writing one if needed (the TF.js backend must be started:
 * the model is built to read its weights). Returns the state afterwards: `ready`, or `unsupported` with why.
 */
export async function ensureOnnxExport(
  spec: BackboneSpec
): Promise<Extract<OnnxExportState, { state: 'ready' | 'unsupported' }>> {
  const current = onnxExportState(spec)
  if (current.state === 'ready' || current.state === 'unsupported') return current
  // An int8 backbone's graph is its weights: exporting the fp32 files beside it would silently change precision.
  if (spec.precision === 'int8')
    throw new Error(
      `int8 backbone ${spec.name}: its ONNX graph is ${current.state} (${current.why}); make it again with \`leukolens backbone quantize\``
    )
  const size = spec.preprocessing.inputSize
  const base = {
    exporterVersion: EXPORTER_VERSION,
    source: { entry: spec.entry, sha256: sourceDigest(spec.dir) },
    inputShape: [size, size, 3] as [number, number, number],
    featureDim: spec.featureDim,
    exportedAt: new Date().toISOString()
  }
  // Loaded only when an export is due: the model builders pull in the HDF5 reader (see export-state.ts).
  const { loadBackboneModel } = await import('../engine/backbones/spec')
  const model = await loadBackboneModel(spec)
  let meta: OnnxExportMeta
  try {
    // With the feature map as a second output where the model has one (Grad-CAM's forward pass, see
    // explain/feature-map-source.ts); a backbone without one exports its features alone.
    const ex = exportWithFeatureMap(model, { inputSize: size, graphName: spec.name })
    if (ex.outputShapes[0].length !== 1 || ex.outputShapes[0][0] !== spec.featureDim)
      throw new Error(
        `ONNX export of ${spec.name}: output [${ex.outputShapes[0]}] is not the ${spec.featureDim}-d feature vector`
      )
    // Written under a temporary name and renamed, so a crash never leaves a half file under the real name.
    const path = join(spec.dir, ONNX_FILE)
    writeAtomicallySync(path, (tmp) => writeFileSync(tmp, ex.bytes))
    meta = {
      ...base,
      sha256: createHash('sha256').update(ex.bytes).digest('hex'),
      bytes: ex.bytes.length,
      opCounts: ex.opCounts,
      ...(ex.outputNames[1] === FEATURE_MAP_OUTPUT
        ? { featureMapShape: ex.outputShapes[1] as [number, number, number] }
        : {})
    }
  } catch (e) {
    if (!(e instanceof UnsupportedLayerError)) throw e
    rmSync(join(spec.dir, ONNX_FILE), { force: true })
    meta = { ...base, unsupported: e.layers }
  } finally {
    model.dispose()
  }
  const metaPath = join(spec.dir, ONNX_META_FILE)
  writeAtomicallySync(metaPath, (tmp) => writeFileSync(tmp, JSON.stringify(meta, null, 2)))
  const after = onnxExportState(spec)
  if (after.state !== 'ready' && after.state !== 'unsupported')
    throw new Error(`ONNX export of ${spec.name} failed its own check: ${after.why}`)
  return after
}

/** The export with a `feature_map` output, or without one where the model has no single pooled feature map. */
function exportWithFeatureMap(model: LayersModel, options: ExportOptions): OnnxExport {
  try {
    return exportLayersModelToOnnx(model, { ...options, featureMap: true })
  } catch (e) {
    if (!(e instanceof NoFeatureMapError)) throw e
    return exportLayersModelToOnnx(model, options)
  }
}
