import { getMaxPixels, getUnfamiliarLimit } from '../core/scan/settings'
import { workstationStore } from './workstation-store'
import { createHash } from 'node:crypto'
import { mkdirSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { runScan, startMainThreadBackend, type ScanModel, type ScanOptions } from '../core/scan/run'
import type {
  BatchDrift,
  SampleCount,
  ScanSummary as PipelineScanSummary,
  UnreadableFile
} from '../../shared/types/scan'
import { loadScanModel, reportModel } from '../core/scan/model'
import { getScan, unreadableFiles } from '../core/scan/store'
import { queryHistory } from '../core/scan/history'
import { writeScanReport, type ReportHeader } from '../core/report/build'
import { openFeatureMapSource } from '../core/explain/feature-map-source'
import { initBackend, tfjsBackendOf } from '../core/engine/backend'
import { ProgressTracker } from '../core/progress'
import type { Progress } from '../../shared/types/progress'
import { explainImage, type ExplainModel, type Explanation } from '../core/explain/explain'
import type {
  CallRequest,
  CallResponse,
  GradCamView,
  PredictionView,
  QuickCheckItem
} from '../../shared/contract'
import type { ServiceContext } from './context'
import type { PathGuard } from './path-guard'
import { explainDir } from './image-roots'
import { explainScannedPath, explainTarget, FROM_FILE, type ExplainedImage } from './explain-source'
import { readImageHeader } from '../core/trust/image-checks'
import { unfamiliarity } from '../core/trust/unfamiliar'
import { unfamiliarReasons } from '../../shared/flag-reasons'
import { summarizeScan } from './scans'
import { resultOf, UnknownScanError } from './results'
import { config, engineConfig, scanReviewThreshold } from './settings'

/** The window's scan request; the command line adds the batch size. */
export type ScanRequest = CallRequest<'scan:start'> & { batchSize?: number }

/** What a scan job returns, of either kind: the pipeline's summary, the model's name and the scan's result. */
export interface ScanJobResult<S> {
  summary: S
  modelName: string
  unreadable: UnreadableFile[]
  result: SampleCount
  drift?: BatchDrift
}

/**
 * A scan of either kind (a folder of cells, or whole fields) as a job under the caller's id: the configured
 * backend, workers and review threshold, progress and per-item events, and the result read back from the store.
 * `run` starts the pipeline with the loaded model and the options both kinds share.
 */
export async function scanJob<S extends { scanId: number }>(
  ctx: ServiceContext,
  req: ScanRequest,
  run: (model: ScanModel, opts: ScanOptions) => Promise<S>
): Promise<ScanJobResult<S>> {
  return ctx.jobs.run(req.jobId, async (signal) => {
    const engine = await engineConfig(ctx)
    // The head runs in this thread on TF.js: start it before the model loads.
    await startMainThreadBackend(engine.backend)
    const { model, version } = await loadScanModel(ctx.store, ctx.dirs, req.modelId)
    try {
      const summary = await run(model, {
        folder: resolve(req.folder),
        recursive: req.recursive,
        tta: req.tta,
        rescan: req.rescan,
        batchSize: req.batchSize,
        ...engine,
        // This workstation's own limit, wherever the scan's rows go.
        maxPixels: await getMaxPixels(workstationStore(ctx).k),
        flagThreshold: await scanReviewThreshold(ctx, model),
        onProgress: (progress) => ctx.emit('job:progress', { jobId: req.jobId, progress }),
        onItem: (item) => ctx.emit('scan:item', { jobId: req.jobId, item }),
        signal
      })
      return {
        summary,
        modelName: version.name,
        unreadable: await unreadableFiles(ctx.store.k, summary.scanId),
        ...(await resultOf(ctx, summary.scanId))
      }
    } finally {
      model.head.dispose()
    }
  })
}

/** A folder scan through the scan pipeline (rates, counts, timings in its summary). */
export function scanFolder(
  ctx: ServiceContext,
  req: ScanRequest
): Promise<ScanJobResult<PipelineScanSummary>> {
  return scanJob(ctx, req, (model, opts) => runScan(ctx, ctx.dirs, model, opts))
}

export async function startScan(
  ctx: ServiceContext,
  req: CallRequest<'scan:start'>
): Promise<CallResponse<'scan:start'>> {
  const { summary } = await scanFolder(ctx, req)
  return {
    scan: await summarizeScan(ctx, (await getScan(ctx.store.k, summary.scanId))!),
    unreadable: await unreadableFiles(ctx.store.k, summary.scanId),
    skippedFolders: summary.skippedFolders
  }
}

/**
 * Grad-CAM needs the head and the frozen base's forward pass in this process (ONNX Runtime where it serves the
 * backbone, else the TF.js model: core/explain/feature-map-source.ts). Opening them takes a moment, so the last
 * model used stays open in the session, per backend setting, and is closed when another is asked for or when the
 * session closes.
 */
interface LoadedModel {
  /** Model version id and backend setting. */
  key: string
  id: string
  model: ExplainModel
  /** The same version (same head) as the scan pipeline takes it: a quick check's predictions come from there. */
  scanModel: ScanModel
}

const EXPLAIN_MODEL = 'explain-model'

async function explainModel(ctx: ServiceContext, id?: string): Promise<LoadedModel> {
  const engine = await engineConfig(ctx)
  await initBackend(tfjsBackendOf(engine.backend))
  const { model, version } = await loadScanModel(ctx.store, ctx.dirs, id)
  const key = `${version.id}\0${engine.backend ?? 'auto'}\0${engine.onnxProvider}`
  const cached = ctx.state.get<LoadedModel>(EXPLAIN_MODEL)
  if (cached?.key === key) {
    model.head.dispose()
    return cached
  }
  ctx.state.delete(EXPLAIN_MODEL)
  const source = await openFeatureMapSource(
    ctx.store,
    ctx.dirs,
    version.backbone,
    engine.backend,
    engine.onnxProvider
  ).catch((e: unknown) => {
    model.head.dispose()
    throw e
  })
  const em: ExplainModel = {
    featureMap: source,
    head: model.head,
    classes: model.classes,
    preprocessing: model.preprocessing,
    threshold: model.threshold
  }
  const dispose = (): void => {
    void source.dispose().catch(() => undefined)
    model.head.dispose()
  }
  return ctx.state.set<LoadedModel>(
    EXPLAIN_MODEL,
    { key, id: version.id, model: em, scanModel: model },
    dispose
  )
}

/** Where the window's Grad-CAM of an image is written (one pair of PNGs per model, image, class and source). */
function explainOut(
  ctx: ServiceContext,
  loaded: LoadedModel,
  path: string,
  className?: string,
  source = 'file'
) {
  const dir = explainDir(ctx)
  mkdirSync(dir, { recursive: true })
  const key = createHash('sha256')
    .update(`${loaded.id}\0${path}\0${className ?? ''}\0${source}`)
    .digest('hex')
    .slice(0, 24)
  return { heatmap: join(dir, `${key}-heatmap.png`), overlay: join(dir, `${key}-overlay.png`) }
}

function viewOf(path: string, r: ExplainedImage, out: { heatmap: string; overlay: string }): GradCamView {
  return {
    path,
    className: r.className,
    overlayPath: out.overlay,
    heatmapPath: out.heatmap,
    featureMapBackend: r.featureMapBackend,
    source: r.source.kind,
    note: r.source.note
  }
}

async function gradcamFor(ctx: ServiceContext, loaded: LoadedModel, path: string, className?: string) {
  const out = explainOut(ctx, loaded, path, className)
  const r = { ...(await explainImage(loaded.model, path, out, className)), source: FROM_FILE }
  return { r, view: viewOf(path, r, out) }
}

export async function gradcam(
  ctx: ServiceContext,
  guard: PathGuard,
  req: CallRequest<'explain:gradcam'>
): Promise<GradCamView> {
  const loaded = await explainModel(ctx, req.modelId)
  // Only images the window may show can be explained (the same rule as the image protocol); a scanned cell whose
  // file is out of reach here is explained from the copy the store keeps, and says so.
  let path: string
  try {
    path = await guard.check(req.path)
  } catch (err) {
    const out = explainOut(ctx, loaded, req.path, req.className, 'stored')
    const r = await explainScannedPath(ctx, loaded, req.path, out, req.className)
    if (!r) throw err
    return viewOf(req.path, r, out)
  }
  return (await gradcamFor(ctx, loaded, path, req.className)).view
}

/**
 * Grad-CAM of any image the user names (a file, or a scanned image by path or SHA-256, explained from its stored
 * copy when its file is not here), written where they say (the command line's `explain`): the same model cache and
 * the same forward pass as the window's Grad-CAM, without the window's folder rule.
 */
export async function explainToFiles(
  ctx: ServiceContext,
  req: { path: string; out: { heatmap: string; overlay: string }; className?: string; modelId?: string }
): Promise<ExplainedImage & { modelId: string; classes: string[]; unfamiliar: string[] | null }> {
  const loaded = await explainModel(ctx, req.modelId)
  const r = await explainTarget(ctx, loaded, req.path, req.out, req.className)
  return {
    ...r,
    modelId: loaded.id,
    classes: loaded.model.classes,
    // A stored copy has no file whose format and size could be checked: its features alone are.
    unfamiliar: await unfamiliarOf(loaded, r.source.kind === 'file' ? r.path : undefined, r)
  }
}

/**
 * Why the explained image is unlike the model's training data (the scan's own checks on the same feature row),
 * empty when it looks like it; null when the version has no reference to check against (trained before it).
 */
async function unfamiliarOf(
  loaded: LoadedModel,
  path: string | undefined,
  r: Explanation
): Promise<string[] | null> {
  const t = loaded.scanModel.trust
  if (!t) return null
  const header = path === undefined ? undefined : await readImageHeader(path, Boolean(t.images.colour))
  return unfamiliarity(t, r.pooled, r.pooled.length, header).reasons
}

/**
 * Writes a scan's HTML report; returns what went into it. The operator defaults to the reviewer in force (flag,
 * environment or setting), the sample id to the scanned folder's name.
 */
export async function writeReportFile(
  ctx: ServiceContext,
  scanId: number,
  file: string,
  header: ReportHeader = {}
) {
  const scan = await getScan(ctx.store.k, scanId)
  if (!scan) throw new UnknownScanError(`no scan with id ${scanId} (see \`leukolens history --scans\`)`)
  const c = await config(ctx)
  const operator = header.operator?.trim() || (c.sources.reviewer === 'default' ? '' : c.reviewer)
  const model = await reportModel(ctx.store, scan.modelId)
  return writeScanReport(
    ctx,
    scan.id,
    model,
    await getUnfamiliarLimit(workstationStore(ctx).k),
    file,
    { sampleId: header.sampleId, operator },
    ctx.store
  )
}

export { UnknownScanError }

export async function writeReport(
  ctx: ServiceContext,
  req: { scanId: number; file: string; sampleId?: string; operator?: string }
): Promise<string> {
  await writeReportFile(ctx, req.scanId, req.file, { sampleId: req.sampleId, operator: req.operator })
  return req.file
}

/**
 * Quick check of a few picked or dropped files with the active model. The stored prediction comes from the scan
 * pipeline itself (runScan over exactly these files: the fastest extraction backend, ONNX Runtime when it serves
 * the backbone, then the head), so a quick check stores what a folder scan of the same file stores, and its
 * backend column names what really computed it. The scan is recorded as kind `quick` (labelled with the
 * first file's folder), always as a new scan (a pick is not a folder to resume); as in a scan, a content this model already classified is
 * reused and two picks of the same content are computed once. The heatmap comes from Grad-CAM (forward pass
 * on the same fastest backend, gradient on TF.js), for display. One item per picked path, in order.
 */
export async function quickCheck(
  ctx: ServiceContext,
  guard: PathGuard,
  req: CallRequest<'quick:check'>
): Promise<QuickCheckItem[]> {
  return ctx.jobs.run(req.jobId, async (signal) => {
    const loaded = await explainModel(ctx)
    const paths = req.paths.map((p) => resolve(p))
    const progress = (phase: string) => (p: Progress) =>
      ctx.emit('job:progress', { jobId: req.jobId, progress: { ...p, phase } })
    const summary = await runScan(ctx, ctx.dirs, loaded.scanModel, {
      folder: dirname(paths[0] ?? ''),
      files: paths,
      ...(await engineConfig(ctx)),
      flagThreshold: await scanReviewThreshold(ctx, loaded.scanModel),
      onProgress: progress('checking'),
      signal
    })
    const rows = new Map((await queryHistory(ctx.store, { scanId: summary.scanId })).map((r) => [r.path, r]))
    const unreadable = new Map(
      (await unreadableFiles(ctx.store.k, summary.scanId)).map((u) => [u.path, u.reason])
    )
    const heatmaps = new ProgressTracker('grad-cam', paths.length, progress('grad-cam'))
    const out: QuickCheckItem[] = []
    for (const path of paths) {
      out.push(await quickItem(ctx, guard, loaded, path, rows.get(path), unreadable.get(path), signal))
      heatmaps.tick(1, path)
    }
    return out
  })
}

/** One picked file's answer: its stored prediction (or why there is none) and the Grad-CAM of the stored class. */
async function quickItem(
  ctx: ServiceContext,
  guard: PathGuard,
  loaded: LoadedModel,
  path: string,
  row: PredictionView | undefined,
  unreadable: string | undefined,
  signal: AbortSignal
): Promise<QuickCheckItem> {
  if (!row) return { prediction: null, error: `${path}: ${unreadable ?? 'not checked (cancelled)'}` }
  guard.allowFile(path)
  // Said before the picture: a heatmap of an image the model does not know shows where it looked, not why.
  const p = row.prediction
  const unfamiliar =
    p.ood === null || p.ood === undefined ? undefined : p.ood ? unfamiliarReasons(p.flagReason) : []
  if (signal.aborted)
    return { prediction: row, unfamiliar, gradcam: null, error: 'Grad-CAM not computed (cancelled)' }
  try {
    // The stored class, not Grad-CAM's own forward pass: on another backend its argmax could differ near 0.5.
    return {
      prediction: row,
      unfamiliar,
      gradcam: (await gradcamFor(ctx, loaded, path, row.prediction.predicted)).view
    }
  } catch (err) {
    // The prediction is stored; only the picture is missing.
    return {
      prediction: row,
      unfamiliar,
      gradcam: null,
      error: `${path}: Grad-CAM failed: ${(err as Error).message}`
    }
  }
}
