import type { ModelView } from '../../shared/contract'
import type { BackboneSummary } from '../../shared/types/engine'
import type { ServiceContext } from './context'
import type { Handlers } from './dispatch'
import type { PathGuard } from './path-guard'

type BaseCalls =
  | 'app:info'
  | 'app:home'
  | 'doctor:backend'
  | 'settings:get'
  | 'settings:set'
  | 'dialog:open'
  | 'dialog:save'
  | 'job:cancel'
  | 'session:who'
  | 'session:signIn'
  | 'session:signOut'
export type DomainHandlers = Omit<Handlers, BaseCalls>

// Each domain's service module is loaded when one of its calls first comes (a command that lists models loads
// neither TF.js nor sharp); the module cache makes every later call a plain function call.
const datasets = () => import('./datasets')
const models = () => import('./models')
const scans = () => import('./scans')
const scanning = () => import('./scanning')
const fieldScans = () => import('./fields')
const results = () => import('./results')
const review = () => import('./review')
const researcher = () => import('./researcher')
const quantize = () => import('./quantize')
const qc = () => import('./qc')
const validation = () => import('./validation')
const samples = () => import('./samples')
const signatures = () => import('./signatures')
const lis = () => import('./lis')
const queue = () => import('./queue')

/**
 * Each domain call mapped to its service function (which maps it to the core modules). The export calls spend
 * their save token here, at the boundary: the services below take the path the user chose.
 */
export function domainHandlers(guard: PathGuard): DomainHandlers {
  return {
    'datasets:list': async (_a, ctx) => (await datasets()).listDatasets(ctx),
    'datasets:get': async ({ name }, ctx) => (await datasets()).getDataset(ctx, name),
    'datasets:import': async (req, ctx) => (await datasets()).importDataset(ctx, req),
    'datasets:split': async (req, ctx) => (await datasets()).split(ctx, req),
    // Awaited: the call answers once the dataset is gone, and a refusal reaches the window instead of nobody.
    'datasets:delete': async ({ name }, ctx) => {
      await (await datasets()).removeDataset(ctx, name)
    },
    'backbones:list': async (_a, ctx) => (await models()).listBackboneViews(ctx),
    'backbones:add': async (req, ctx) => (await models()).addBackboneFile(ctx, req),
    'backbones:quantize': async (req, ctx) => (await quantize()).startQuantize(ctx, req),
    'training:start': async (req, ctx) => (await models()).startTraining(ctx, req),
    'models:list': async (_a, ctx) => (await models()).listModelViews(ctx),
    'models:activate': async ({ id }, ctx) => void (await (await models()).modelOps.activate(ctx, id)),
    'models:rename': async ({ id, name }, ctx) =>
      void (await (await models()).modelOps.rename(ctx, id, name)),
    'models:export': async ({ id, saveToken }, ctx) =>
      (await models()).exportModelFile(ctx, { id, file: ctx.saveTargets.redeem(saveToken) }),
    'models:import': async (req, ctx) => (await models()).importModelFile(ctx, req),
    'models:delete': async ({ id }, ctx) => void (await (await models()).modelOps.remove(ctx, id)),
    'models:agreement': async ({ id }, ctx) => (await models()).modelAgreementOf(ctx, id),
    'scan:start': async (req, ctx) =>
      req.fields ? (await fieldScans()).startFieldScan(ctx, req) : (await scanning()).startScan(ctx, req),
    'scan:fields': async ({ scanId }, ctx) => (await fieldScans()).scanFieldsView(ctx, scanId),
    'scan:result': async ({ scanId, sampleId }, ctx) => (await results()).scanResultOf(ctx, scanId, sampleId),
    'scans:list': async (_a, ctx) => (await scans()).listScanSummaries(ctx),
    'predictions:query': async (f, ctx) => (await scans()).queryPredictions(ctx, f),
    'predictions:export': async ({ filter, saveToken }, ctx) =>
      (await scans()).exportPredictions(ctx, { filter, file: ctx.saveTargets.redeem(saveToken) }),
    'review:submit': async (req, ctx) => (await review()).submitReview(ctx, req),
    'review:submitMany': async (req, ctx) => (await review()).submitReviews(ctx, req),
    'review:undo': async ({ sha256 }, ctx) => (await review()).undoReview(ctx, sha256),
    'review:log': async ({ scanId }, ctx) => (await review()).auditLog(ctx, scanId),
    'review:export': async ({ scanId, saveToken }, ctx) =>
      (await review()).exportAuditLog(ctx, { scanId, file: ctx.saveTargets.redeem(saveToken) }),
    'review:toDataset': async (req, ctx) => (await review()).addReviewedImages(ctx, req),
    'models:evaluate': async (req, ctx) => (await researcher()).evaluateVersion(ctx, req),
    'models:compare': async (req, ctx) => (await researcher()).compareVersions(ctx, req),
    'backbones:remove': async ({ name }, ctx) =>
      void (await (await researcher()).removeBackboneNamed(ctx, name)),
    'review:verify': async (_a, ctx) => (await import('./audit')).verifyReviewChain(ctx),
    'explain:gradcam': async (req, ctx) => (await scanning()).gradcam(ctx, guard, req),
    'report:write': async ({ saveToken, ...req }, ctx) =>
      (await scanning()).writeReport(ctx, { ...req, file: ctx.saveTargets.redeem(saveToken) }),
    'quick:check': async (req, ctx) => (await scanning()).quickCheck(ctx, guard, req),
    'qc:list': async (_a, ctx) => (await qc()).listQc(ctx),
    'qc:add': async (req, ctx) => (await qc()).addQcSet(ctx, req),
    'qc:run': async (req, ctx) => (await qc()).runQc(ctx, req),
    'qc:target': async (req, ctx) => (await qc()).setQcTargets(ctx, req),
    'qc:ack': async (req, ctx) => (await qc()).ackQc(ctx, req),
    'qc:alerts': async (_a, ctx) => (await qc()).qcAlerts(ctx),
    'sample:differential': async (req, ctx) => (await samples()).showSamples(ctx, req),
    'sample:sign': async (req, ctx) => (await samples()).signSampleResult(ctx, req),
    'sample:list': async (req, ctx) => (await samples()).listSampleWork(ctx, req),
    'lis:export': async ({ scanId, sample, format, saveToken }, ctx) => {
      const r = await (
        await lis()
      ).exportSample(ctx, { scanId, sampleId: sample, format, out: ctx.saveTargets.redeem(saveToken) })
      return { file: r.file, controlId: r.controlId }
    },
    'lis:send': async ({ scanId, sample }, ctx) => {
      const r = await (await lis()).sendSample(ctx, { scanId, sampleId: sample })
      return { host: r.host, port: r.port, ...r.delivery }
    },
    'validation:study': async (req, ctx) => (await validation()).validationView(ctx, req),
    'validation:report': async ({ saveToken, ...req }, ctx) =>
      (await (await validation()).validateScan(ctx, { ...req, out: ctx.saveTargets.redeem(saveToken) }))
        .file!,
    'signature:sign': async (req, ctx) => (await signatures()).signRecordNow(ctx, req),
    'signature:list': async (req, ctx) => (await signatures()).signaturesOf(ctx, req),
    'queue:scans': async (req, ctx) => (await queue()).queuedScans(ctx, req)
  }
}

/** What Home needs from the other domains. */
export async function listDomain(
  ctx: ServiceContext
): Promise<{ backbones: BackboneSummary[]; datasets: number; activeModel: ModelView | null }> {
  const [d, m] = await Promise.all([datasets(), models()])
  return {
    backbones: await m.listBackboneViews(ctx),
    datasets: (await d.listDatasets(ctx)).length,
    activeModel: await m.activeModelView(ctx)
  }
}
