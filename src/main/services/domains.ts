import type { EngineCapability, ModelView } from '../../shared/contract'
import type { BackboneSummary } from '../../shared/types/engine'
import { NotAvailableError, type ServiceContext } from './context'
import type { Handlers } from './dispatch'
import type { PathGuard } from './path-guard'
import { exportPredictions, listScanSummaries, queryPredictions, submitReview } from './scans'

type BaseCalls = 'app:info' | 'app:home' | 'doctor:backend' | 'settings:get' | 'settings:set' | 'dialog:open' | 'dialog:save' | 'job:cancel'
export type DomainHandlers = Omit<Handlers, BaseCalls>

/** Which engine parts this build wires to real modules; the UI names the missing ones instead of faking them. */
export const CAPABILITIES: Record<EngineCapability, boolean> = {
  import: false,
  backbones: false,
  features: false,
  training: false,
  models: false,
  scan: false,
  review: true,
  explain: false,
  report: false,
  doctor: true
}

const missing = (what: string, module: string) => async (): Promise<never> => {
  throw new NotAvailableError(what, module)
}

export function domainHandlers(_guard: PathGuard): DomainHandlers {
  return {
    'datasets:list': missing('Dataset import', 'core/import'),
    'datasets:get': missing('Dataset import', 'core/import'),
    'datasets:import': missing('Dataset import', 'core/import'),
    'datasets:split': missing('Splits', 'core/splits'),
    'datasets:delete': missing('Dataset import', 'core/import'),
    'backbones:list': missing('Backbones', 'core/engine/backbones/registry'),
    'backbones:add': missing('Backbones', 'core/engine/backbones/registry'),
    'training:start': missing('Training', 'core/engine/training'),
    'models:list': missing('The model registry', 'core/engine/models/registry'),
    'models:activate': missing('The model registry', 'core/engine/models/registry'),
    'models:rename': missing('The model registry', 'core/engine/models/registry'),
    'models:export': missing('The model registry', 'core/engine/models/registry'),
    'models:import': missing('The model registry', 'core/engine/models/registry'),
    'models:delete': missing('The model registry', 'core/engine/models/registry'),
    'scan:start': missing('Scanning', 'core/scan'),
    'scans:list': async (_a, ctx) => listScanSummaries(ctx),
    'predictions:query': async (f, ctx) => queryPredictions(ctx, f),
    'predictions:export': async (req, ctx) => exportPredictions(ctx, req),
    'review:submit': async (req, ctx) => submitReview(ctx, req),
    'explain:gradcam': missing('Grad-CAM', 'core/explain'),
    'report:write': missing('Reports', 'core/report'),
    'quick:check': missing('Quick check', 'core/scan')
  }
}

/** What Home needs from the other domains, empty where a domain is not in this build. */
export async function listDomain(_ctx: ServiceContext): Promise<{ backbones: BackboneSummary[]; datasets: number; activeModel: ModelView | null }> {
  return { backbones: [], datasets: 0, activeModel: null }
}
