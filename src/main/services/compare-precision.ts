/**
 * `evaluate --against`: two model versions on the same dataset and split, side by side — meant for an int8
 * backbone's head against its fp32 source's. Where the two backbones differ, the stored features of both on
 * the evaluated images are compared too (cosine per image), which says how much of a score difference comes
 * from the features themselves.
 */
import type { Store } from '../core/db/store'
import { getBackbone } from '../core/engine/backbones/registry'
import { preprocessingKey } from '../core/engine/backbones/spec'
import { getFeatures } from '../core/db/queries/features'
import type { EvaluateResult } from '../core/engine/metrics/evaluate-model'
import { getModel } from '../core/engine/models/registry'
import { labelledImages, type SplitSelector } from '../core/engine/training/dataset-features'
import { featureAgreement, type FeatureAgreement } from '../core/onnx/quantize/feature-error'
import type { BackbonePrecision } from '../../shared/types/engine'
import type { ServiceContext } from './context'
import { evaluate } from './models'

export interface PrecisionComparison {
  runs: (EvaluateResult & { backbone: string; precision: BackbonePrecision })[]
  /** Accuracy of the first minus the second, in percentage points. */
  accuracyDeltaPoints: number
  /** The two backbones' stored features on the evaluated images, when the backbones differ. */
  features?: FeatureAgreement
}

export async function comparePrecision(
  ctx: ServiceContext,
  jobId: string,
  o: { model?: string; against: string; dataset: string; split: SplitSelector }
): Promise<PrecisionComparison> {
  const runs: PrecisionComparison['runs'] = []
  for (const model of [o.model, o.against]) {
    const r = await evaluate(ctx, jobId, { model, dataset: o.dataset, split: o.split })
    const backbone = await getBackbone(ctx.store, (await getModel(ctx.store, r.modelId)).backbone)
    runs.push({ ...r, backbone: backbone.name, precision: backbone.precision })
  }
  const result: PrecisionComparison = {
    runs,
    accuracyDeltaPoints: (runs[0].metrics.accuracy - runs[1].metrics.accuracy) * 100
  }
  if (runs[0].backbone !== runs[1].backbone)
    result.features = await storedAgreement(ctx.store, runs[0].backbone, runs[1].backbone, o.dataset, o.split)
  return result
}

async function storedAgreement(
  store: Store,
  a: string,
  b: string,
  dataset: string,
  split: SplitSelector
): Promise<FeatureAgreement | undefined> {
  const shas = (await labelledImages(store.k, dataset))
    .filter((i) => split === 'all' || i.split === split)
    .map((i) => i.sha256)
  const read = async (name: string): Promise<Map<string, Float32Array>> => {
    const bb = await getBackbone(store, name)
    return getFeatures(
      store.k,
      { backboneId: bb.id, preprocessing: preprocessingKey(bb.preprocessing), flip: false },
      shas
    )
  }
  const fa = await read(a)
  const fb = await read(b)
  const both = shas.filter((s) => fa.has(s) && fb.has(s))
  if (!both.length || fa.get(both[0])!.length !== fb.get(both[0])!.length) return undefined
  const dim = fa.get(both[0])!.length
  const ma = new Float32Array(both.length * dim)
  const mb = new Float32Array(both.length * dim)
  both.forEach((s, i) => {
    ma.set(fa.get(s)!, i * dim)
    mb.set(fb.get(s)!, i * dim)
  })
  return featureAgreement(ma, mb, both.length)
}
