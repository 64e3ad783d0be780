import type { EngineCapability, ModelView } from '../../shared/contract'
import type { BackboneSummary } from '../../shared/types/engine'
import type { ServiceContext } from './context'
import type { Handlers } from './dispatch'
import type { PathGuard } from './path-guard'
import { exportPredictions, listScanSummaries, queryPredictions, submitReview } from './scans'
import { getDataset, importDataset, listDatasets, removeDataset, split } from './datasets'
import { activeModelView, addBackbone, exportModelFile, importModelFile, listBackbones, listModelViews, modelOps, startTraining } from './models'
import { startQuantize } from './quantize'
import { gradcam, quickCheck, startScan, writeReport } from './scanning'

type BaseCalls = 'app:info' | 'app:home' | 'doctor:backend' | 'settings:get' | 'settings:set' | 'dialog:open' | 'dialog:save' | 'job:cancel'
export type DomainHandlers = Omit<Handlers, BaseCalls>

/** Which engine parts this build wires to real modules; the UI names a missing one instead of faking it. */
export const CAPABILITIES: Record<EngineCapability, boolean> = {
  import: true,
  backbones: true,
  features: true,
  training: true,
  models: true,
  scan: true,
  review: true,
  explain: true,
  report: true,
  doctor: true
}

/** Each domain call mapped to its service function (which maps it to the core modules). */
export function domainHandlers(guard: PathGuard): DomainHandlers {
  return {
    'datasets:list': async (_a, ctx) => listDatasets(ctx),
    'datasets:get': async ({ name }, ctx) => getDataset(ctx, name),
    'datasets:import': (req, ctx) => importDataset(ctx, req),
    'datasets:split': async (req, ctx) => split(ctx, req),
    'datasets:delete': async ({ name }, ctx) => removeDataset(ctx, name),
    'backbones:list': async (_a, ctx) => listBackbones(ctx.db),
    'backbones:add': (req, ctx) => addBackbone(ctx.db, ctx.dirs, req),
    'backbones:quantize': (req, ctx) => startQuantize(ctx, req),
    'training:start': (req, ctx) => startTraining(ctx, req),
    'models:list': async (_a, ctx) => listModelViews(ctx),
    'models:activate': async ({ id }, ctx) => modelOps.activate(ctx, id),
    'models:rename': async ({ id, name }, ctx) => modelOps.rename(ctx, id, name),
    'models:export': async (req, ctx) => exportModelFile(ctx, req),
    'models:import': (req, ctx) => importModelFile(ctx, req),
    'models:delete': async ({ id }, ctx) => modelOps.remove(ctx, id),
    'scan:start': (req, ctx) => startScan(ctx, req),
    'scans:list': async (_a, ctx) => listScanSummaries(ctx),
    'predictions:query': async (f, ctx) => queryPredictions(ctx, f),
    'predictions:export': async (req, ctx) => exportPredictions(ctx, req),
    'review:submit': async (req, ctx) => submitReview(ctx, req),
    'explain:gradcam': (req, ctx) => gradcam(ctx, guard, req),
    'report:write': (req, ctx) => writeReport(ctx, req),
    'quick:check': (req, ctx) => quickCheck(ctx, guard, req)
  }
}

/** What Home needs from the other domains. */
export async function listDomain(ctx: ServiceContext): Promise<{ backbones: BackboneSummary[]; datasets: number; activeModel: ModelView | null }> {
  return { backbones: listBackbones(ctx.db), datasets: listDatasets(ctx).length, activeModel: activeModelView(ctx) }
}
