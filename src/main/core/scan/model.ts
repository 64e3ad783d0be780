import type { Store } from '../db/store'
import type { ModelVersion } from '../../../shared/types/models'
import { getModel, loadModelVersion, modelDir } from '../engine/models/registry'
import { readOodDetector } from '../trust/ood-files'
import type { DataDir } from '../paths'
import type { ReportModel } from '../report/html'
import type { ScanModel } from './options'

/** A registry model version (the active one without `id`) as the scan pipeline and Grad-CAM use it. */
export async function loadScanModel(
  store: Store,
  dirs: DataDir,
  id?: string
): Promise<{ model: ScanModel; version: ModelVersion }> {
  const { version, head } = await loadModelVersion(store, dirs, id)
  const dir = await modelDir(store, dirs, version.id)
  const t = version.trust
  let trust: ScanModel['trust']
  try {
    trust = t
      ? {
          temperature: t.temperature,
          flagThreshold: t.flag.threshold,
          detector: readOodDetector(dir, t.ood, version.classes.length),
          oodThreshold: t.ood.threshold,
          images: t.images
        }
      : undefined
  } catch (err) {
    head.dispose()
    throw err
  }
  return {
    version,
    model: {
      id: version.id,
      classes: version.classes,
      backbone: version.backbone,
      preprocessing: version.preprocessing,
      threshold: version.threshold ?? undefined,
      head,
      trust
    }
  }
}

/** What a report shows about a model version; undefined when the registry no longer has it. */
export async function reportModel(store: Store, id: string): Promise<ReportModel | undefined> {
  let v: ModelVersion
  try {
    v = await getModel(store, id)
  } catch {
    return undefined
  }
  return {
    id: v.id,
    name: v.name,
    backbone: v.backbone,
    classes: v.classes,
    createdAt: v.createdAt,
    threshold: v.threshold ?? undefined,
    test: v.metrics.test,
    validation: v.trust
      ? { unfamiliar: v.trust.ood.valUnfamiliar, flagged: v.trust.flag.workload }
      : undefined
  }
}
