import { comparedRows, type ComparedRow } from '../core/db/queries/model-compare'
import { evaluateModel } from '../core/engine/metrics/evaluate-model'
import { removeBackbone } from '../core/engine/backbones/registry'
import { getModel } from '../core/engine/models/registry'
import { getScan } from '../core/scan/store'
import type { CallRequest } from '../../shared/contract'
import type { Evaluation, ModelAnswer, ModelComparison } from '../../shared/types/researcher'
import type { ServiceContext } from './context'

/** The researcher's loop in the app: evaluate any version on any dataset, compare two versions, tidy backbones. */

export function evaluateVersion(
  ctx: ServiceContext,
  req: CallRequest<'models:evaluate'>
): Promise<Evaluation> {
  return ctx.jobs.run(req.jobId, async () => {
    const r = await evaluateModel(ctx.store, ctx.dirs, {
      model: req.id,
      dataset: req.dataset,
      split: req.split,
      onExtractProgress: (progress) => ctx.emit('job:progress', { jobId: req.jobId, progress })
    })
    return { ...r, split: req.split }
  })
}

const answer = (p: string | null, c: number | null, f: number | null): ModelAnswer | null =>
  p === null || c === null ? null : { predicted: p, confidence: c, flagged: f === 1 }

/**
 * Two versions on the images of one scan. Both answers come from stored predictions (any scan of the same
 * content by that version); images one version never saw are counted, not guessed — the screen offers to scan
 * the folder with that version.
 */
export async function compareVersions(
  ctx: ServiceContext,
  req: CallRequest<'models:compare'>
): Promise<ModelComparison> {
  if (!(await getScan(ctx.store.k, req.scanId))) throw new Error(`there is no scan #${req.scanId}`)
  await getModel(ctx.store, req.a)
  await getModel(ctx.store, req.b)
  const rows = await comparedRows(ctx.store.k, req.scanId, req.a, req.b)
  const both = rows.filter((r: ComparedRow) => r.aPredicted !== null && r.bPredicted !== null)
  const disagree = both.filter((r) => r.aPredicted !== r.bPredicted)
  return {
    scanId: req.scanId,
    a: req.a,
    b: req.b,
    both: both.length,
    agree: both.length - disagree.length,
    missingA: rows.filter((r) => r.aPredicted === null).length,
    missingB: rows.filter((r) => r.bPredicted === null).length,
    disagreements: disagree.map((r) => ({
      path: r.path,
      sha256: r.sha256,
      a: answer(r.aPredicted, r.aConfidence, r.aFlagged),
      b: answer(r.bPredicted, r.bConfidence, r.bFlagged),
      reviewed: r.reviewed
    }))
  }
}

export function removeBackboneNamed(ctx: ServiceContext, name: string): Promise<void> {
  return removeBackbone(ctx.store, ctx.dirs, name)
}
