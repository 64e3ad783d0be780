import { readdirSync, statSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { join } from 'node:path'
import type { Store } from '../db/store'
import type { OnnxRuntimeStatus } from '../../../shared/types/onnx'
import { detectCudaGpu } from '../engine/backend'
import { getBackboneSpec, listBackbones } from '../engine/backbones/registry'
import type { BackboneSpec } from '../engine/backbones/spec'
import type { DataDir } from '../paths'
import { onnxExportState, type OnnxExportState } from './export-state'
import { cudaProviderUnavailable, loadOrt, ortVersion } from './runtime'

export type { OnnxRuntimeStatus }

/**
 * Checked states by backbone folder, reused while no file in the folder changes name, size or mtime: the app's
 * Home asks on every visit, and checking hashes every file (~60 MB for DenseNet121, 50–200 ms here). The caller
 * keeps the map (the service session); scans do not come here: they check the checksums each time they open an
 * export.
 */
export type ExportStateCache = Map<string, { stamp: string; state: OnnxExportState }>

function folderStamp(dir: string): string {
  return readdirSync(dir)
    .sort()
    .map((name) => {
      const st = statSync(join(dir, name))
      return `${name}:${st.size}:${st.mtimeMs}`
    })
    .join('|')
}

function exportStateOf(spec: BackboneSpec, checked: ExportStateCache): OnnxExportState {
  const stamp = folderStamp(spec.dir)
  const hit = checked.get(spec.dir)
  if (hit?.stamp === stamp) return hit.state
  const state = onnxExportState(spec)
  checked.set(spec.dir, { stamp, state })
  return state
}

/**
 * ONNX Runtime's state for `doctor`: loads the library (cheap), looks for the CUDA provider, and checks each
 * backbone's stored export against its checksum. Builds no model and starts no session.
 */
export function onnxRuntimeStatus(
  specs: BackboneSpec[],
  gpu: string | undefined,
  checked: ExportStateCache = new Map()
): OnnxRuntimeStatus {
  const backbones = specs.map((spec) => {
    const s = exportStateOf(spec, checked)
    return s.state === 'ready'
      ? { name: spec.name, state: s.state, featureMap: Boolean(s.meta.featureMapShape) }
      : { name: spec.name, state: s.state, why: s.why }
  })
  try {
    loadOrt()
  } catch (e) {
    return { available: false, providers: [], why: (e as Error).message, backbones }
  }
  const cudaWhy = cudaProviderUnavailable(gpu)
  return {
    available: true,
    version: ortVersion(),
    providers: cudaWhy ? ['cpu'] : ['cuda', 'cpu'],
    cudaWhy,
    backbones
  }
}

/** The same for every registered backbone: what `doctor` puts in `BackendInfo.onnx`. */
export async function onnxDoctorStatus(
  store: Store,
  dirs: DataDir,
  checked?: ExportStateCache
): Promise<OnnxRuntimeStatus> {
  const specs: BackboneSpec[] = []
  // What this data folder holds: the doctor reports, it does not fetch backbones from a shared store.
  for (const b of await listBackbones(store))
    specs.push(await getBackboneSpec(store, dirs, b.name, { fetch: false }))
  return onnxRuntimeStatus(specs, detectCudaGpu(), checked)
}

/**
 * Lines for `leukolens doctor`: the runtime, its providers, and each backbone's ONNX state. `notUsedBecause`
 * is set when a TF.js backend is forced, so ONNX Runtime runs nothing even where it is ready.
 */
export function formatOnnxStatus(s: OnnxRuntimeStatus, notUsedBecause?: string): string[] {
  if (!s.available)
    return [`onnx         not usable: ${s.why} (extraction and scans use the TF.js backend above)`]
  const use = notUsedBecause
    ? `not used: ${notUsedBecause}`
    : `used for extraction and scans of the backbones marked ready (1 worker, ${availableParallelism()} intra-op threads)`
  const lines = [`onnx         onnxruntime ${s.version}, providers ${s.providers.join(', ')} — ${use}`]
  if (s.cudaWhy) lines.push(`  cuda: ${s.cudaWhy}`)
  for (const b of s.backbones)
    lines.push(
      `  ${b.name}: ${b.state === 'ready' ? `ready${b.featureMap ? " (also Grad-CAM's forward pass)" : ' (Grad-CAM on TF.js: no feature map output)'}` : `${b.state} — ${b.why}`}`
    )
  return lines
}
