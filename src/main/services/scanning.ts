import { createHash } from 'node:crypto'
import { mkdirSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { runScan } from '../core/scan/run'
import { loadScanModel, reportModel } from '../core/scan/model'
import { createScan, finishScan, getScan, unreadableFiles, recordScanItems } from '../core/scan/store'
import { sha256File } from '../core/scan/files'
import { decide } from '../core/scan/decide'
import { getFlagThreshold } from '../core/scan/settings'
import { queryHistory } from '../core/scan/history'
import { writeScanReport } from '../core/report/build'
import { loadBackbone } from '../core/engine/backbones/registry'
import { currentBackend, initBackend } from '../core/engine/backend'
import { explainImage, type ExplainModel } from '../core/explain/explain'
import type { CallRequest, CallResponse, GradCamView, QuickCheckItem } from '../../shared/contract'
import type { ServiceContext } from './context'
import type { PathGuard } from './path-guard'
import { explainDir } from './image-roots'
import { QUICK_PREFIX, summarizeScan } from './scans'
import { getSettings } from './settings'

/** A folder scan through the scan pipeline, with progress and per-file events under the caller's job id. */
export async function startScan(ctx: ServiceContext, req: CallRequest<'scan:start'>): Promise<CallResponse<'scan:start'>> {
  return ctx.jobs.run(req.jobId, async (signal) => {
    const { model } = await loadScanModel(ctx.db, ctx.dirs, req.modelId)
    const backendChoice = getSettings(ctx).backend
    try {
      const summary = await runScan(ctx.db, ctx.dirs, model, {
        folder: resolve(req.folder),
        recursive: req.recursive,
        tta: req.tta,
        rescan: req.rescan,
        // The Settings choice forces the extraction backend; 'auto' lets the engine pick the fastest.
        backend: backendChoice === 'auto' ? undefined : backendChoice,
        onProgress: (progress) => ctx.emit('job:progress', { jobId: req.jobId, progress }),
        onItem: (item) => ctx.emit('scan:item', { jobId: req.jobId, item }),
        signal
      })
      return { scan: summarizeScan(ctx, getScan(ctx.db, summary.scanId)!), unreadable: unreadableFiles(ctx.db, summary.scanId) }
    } finally {
      model.head.dispose()
    }
  })
}

/**
 * Grad-CAM needs the backbone and head loaded in this process; loading DenseNet121 takes a moment, so the last
 * model used stays loaded (and is disposed when another model is asked for).
 */
let cached: { id: string; model: ExplainModel; dispose: () => void } | null = null

async function explainModel(ctx: ServiceContext, id?: string): Promise<{ id: string; model: ExplainModel }> {
  await initBackend()
  const { model, version } = await loadScanModel(ctx.db, ctx.dirs, id)
  if (cached?.id === version.id) {
    model.head.dispose()
    return cached
  }
  cached?.dispose()
  const backbone = await loadBackbone(ctx.db, ctx.dirs, version.backbone)
  const em: ExplainModel = { backbone: backbone.model, head: model.head, classes: model.classes, preprocessing: model.preprocessing, threshold: model.threshold }
  cached = { id: version.id, model: em, dispose: () => (backbone.model.dispose(), model.head.dispose()) }
  return cached
}

export function disposeExplainModel(): void {
  cached?.dispose()
  cached = null
}

async function gradcamFor(ctx: ServiceContext, loaded: { id: string; model: ExplainModel }, path: string, className?: string) {
  const dir = explainDir(ctx)
  mkdirSync(dir, { recursive: true })
  const key = createHash('sha256').update(`${loaded.id}\0${path}\0${className ?? ''}`).digest('hex').slice(0, 24)
  const out = { heatmap: join(dir, `${key}-heatmap.png`), overlay: join(dir, `${key}-overlay.png`) }
  const r = await explainImage(loaded.model, path, out, className)
  return { r, view: { path, className: r.className, overlayPath: out.overlay, heatmapPath: out.heatmap } satisfies GradCamView }
}

export async function gradcam(ctx: ServiceContext, guard: PathGuard, req: CallRequest<'explain:gradcam'>): Promise<GradCamView> {
  // Only images the window may show can be explained (the same rule as the image protocol).
  const path = guard.check(req.path)
  return (await gradcamFor(ctx, await explainModel(ctx, req.modelId), path, req.className)).view
}

export async function writeReport(ctx: ServiceContext, req: CallRequest<'report:write'>): Promise<string> {
  const scan = getScan(ctx.db, req.scanId)
  if (!scan) throw new Error(`no scan with id ${req.scanId}`)
  await writeScanReport(ctx.db, scan.id, reportModel(ctx.db, scan.modelId), req.file)
  return req.file
}

/**
 * Quick check of a few picked or dropped files with the active model: one Grad-CAM pass per file gives the
 * probabilities and the heatmap together, and the results are stored as a scan (folder `quick-check:<dir>`)
 * so they appear in the history and can be reviewed like any other.
 */
export async function quickCheck(ctx: ServiceContext, guard: PathGuard, req: CallRequest<'quick:check'>): Promise<QuickCheckItem[]> {
  return ctx.jobs.run(req.jobId, async (signal) => {
    const loaded = await explainModel(ctx)
    const m = loaded.model
    const paths = req.paths.map((p) => resolve(p))
    const flagThreshold = getFlagThreshold(ctx.db)
    const backend = currentBackend()?.name ?? 'wasm'
    const scan = createScan(ctx.db, { folder: QUICK_PREFIX + dirname(paths[0] ?? ''), recursive: false, modelId: loaded.id, tta: false, flagThreshold, backend })
    const out: QuickCheckItem[] = []
    try {
      for (const [i, path] of paths.entries()) {
        if (signal.aborted) break
        ctx.emit('job:progress', { jobId: req.jobId, progress: { phase: 'checking', done: i, total: paths.length, item: path } })
        let sha: string | null = null
        try {
          sha = await sha256File(path)
          guard.allowFile(path)
          const { r, view } = await gradcamFor(ctx, loaded, path)
          const d = decide(r.probabilities, m.classes, flagThreshold, m.threshold)
          recordScanItems(ctx.db, scan.id, [
            { path, sha256: sha, prediction: { sha256: sha, modelId: loaded.id, classes: m.classes, probabilities: r.probabilities, predicted: d.predicted, confidence: d.confidence, flagged: d.flagged, tta: false, backend } }
          ])
          const row = queryHistory(ctx.db, { scanId: scan.id }).find((h) => h.path === path) ?? null
          out.push({ prediction: row, gradcam: view })
        } catch (err) {
          recordScanItems(ctx.db, scan.id, [{ path, sha256: sha, error: (err as Error).message }])
          out.push({ prediction: null, error: `${path}: ${(err as Error).message}` })
        }
      }
    } finally {
      finishScan(ctx.db, scan.id, signal.aborted ? 'cancelled' : 'done')
    }
    ctx.emit('job:progress', { jobId: req.jobId, progress: { phase: 'checking', done: paths.length, total: paths.length } })
    return out
  })
}
