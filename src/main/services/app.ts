import { platform } from 'node:os'
import type { AppInfo, HomeSummary } from '../../shared/contract'
import type { BackendInfo } from '../../shared/types/engine'
import type { ServiceContext } from './context'
import { listDomain } from './domains'
import { listScanSummaries } from './scans'
import { engineConfig, getSettings } from './settings'
import type { ExportStateCache } from '../core/onnx/status'

export function appInfo(ctx: ServiceContext): AppInfo {
  return { version: ctx.version, platform: platform(), dataDir: ctx.dirs.root }
}

/**
 * The backends the engine uses: TF.js, started on first ask (loading it takes a moment, so not at process
 * start), and ONNX Runtime's state for the frozen backbones (`onnx`, as `doctor` reports it). The Settings choice
 * forces one; `onnxruntime` is chosen by the extraction code itself, so it is not forced on TF.js here.
 */
/** The ONNX exports' checked states, kept for the session (core/onnx/status.ts). */
const ONNX_EXPORT_STATES = 'onnx-export-states'

export async function backendView(ctx: ServiceContext): Promise<BackendInfo> {
  const { initBackend } = await import('../core/engine/backend')
  const { onnxDoctorStatus } = await import('../core/onnx/status')
  const { tfjsBackendOf } = await import('../core/engine/backend')
  const tfjs = await initBackend(tfjsBackendOf((await engineConfig(ctx)).backend))
  const checked =
    ctx.state.get<ExportStateCache>(ONNX_EXPORT_STATES) ??
    ctx.state.set(ONNX_EXPORT_STATES, new Map() as ExportStateCache)
  return { ...tfjs, onnx: await onnxDoctorStatus(ctx.store, ctx.dirs, checked) }
}

export async function homeSummary(ctx: ServiceContext): Promise<HomeSummary> {
  const lists = await listDomain(ctx)
  const missing: HomeSummary['missing'] = []
  if (!lists.backbones.some((b) => b.kind === 'keras-densenet121')) missing.push('densenet-weights')
  if (!lists.datasets) missing.push('dataset')
  if (!lists.activeModel) missing.push('model')
  let backend: BackendInfo | null = null
  try {
    backend = await backendView(ctx)
  } catch {
    backend = null
  }
  return {
    activeModel: lists.activeModel,
    backend,
    backendChoice: (await getSettings(ctx)).backend,
    recentScans: await listScanSummaries(ctx, 5),
    datasets: lists.datasets,
    backbones: lists.backbones,
    missing
  }
}
