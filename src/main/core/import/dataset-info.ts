import type { Database } from 'better-sqlite3'
import type { ClassCount, DatasetDetails, DatasetListItem } from '../../../shared/types/datasets'
import { getDatasetByName, listDatasets, type DatasetRow } from '../db/queries/datasets'
import {
  classStats,
  datasetCounts,
  formatCounts,
  listDatasetImages,
  type DatasetImage
} from '../db/queries/images'
import { storedSplitSummary } from '../splits/split-dataset'
import { ImportError } from './files'

export function classCounts(db: Database, datasetId: number): ClassCount[] {
  return classStats(db, datasetId).map((c) => ({
    name: c.label,
    images: c.images,
    subjects: c.subjects,
    sources: (c.sources ?? '').split(',').filter(Boolean).sort()
  }))
}

function listItem(db: Database, d: DatasetRow): DatasetListItem {
  const counts = datasetCounts(db, d.id)
  return {
    id: d.id,
    name: d.name,
    root: d.root,
    layout: d.layout,
    createdAt: d.createdAt,
    images: counts.images,
    labelled: counts.labelled,
    classes: classCounts(db, d.id),
    subjects: counts.subjects
  }
}

export function listDatasetItems(db: Database): DatasetListItem[] {
  return listDatasets(db).map((d) => listItem(db, d))
}

/**
 * "no dataset named "Aria" (datasets: aria, mini; names are case-sensitive: did you mean aria?)": every refusal of
 * an unknown dataset name lists the names there are.
 */
export function noDatasetMessage(db: Database, name: string): string {
  const names = listDatasets(db).map((x) => x.name)
  if (!names.length)
    return `no dataset named "${name}" (none imported yet: \`leukolens import DIR --name NAME\`)`
  const near = names.find((n) => n.toLowerCase() === name.toLowerCase())
  const hint = near ? `; names are case-sensitive: did you mean ${near}?` : ''
  return `no dataset named "${name}" (datasets: ${names.join(', ')}${hint})`
}

/** A dataset by name, or an ImportError naming the datasets that exist. */
export function requireDataset(db: Database, name: string): DatasetRow {
  const d = getDatasetByName(db, name)
  if (!d) throw new ImportError(noDatasetMessage(db, name))
  return d
}

export function datasetDetails(db: Database, d: DatasetRow): DatasetDetails {
  const counts = datasetCounts(db, d.id)
  return {
    ...listItem(db, d),
    classMapping: d.classMapping,
    duplicateFiles: counts.files - counts.images,
    formats: formatCounts(db, d.id),
    split: storedSplitSummary(db, d.id)
  }
}

/** A few images per label (and unlabelled), spread over the dataset, for thumbnails in the app. */
export function datasetSamples(
  db: Database,
  datasetId: number,
  perLabel = 4
): { path: string; label: string | null }[] {
  const byLabel = new Map<string | null, DatasetImage[]>()
  for (const im of listDatasetImages(db, datasetId)) {
    const list = byLabel.get(im.label) ?? []
    list.push(im)
    byLabel.set(im.label, list)
  }
  const out: { path: string; label: string | null }[] = []
  for (const [label, list] of byLabel) {
    const step = Math.max(1, Math.floor(list.length / perLabel))
    for (let i = 0; i < list.length && out.filter((o) => o.label === label).length < perLabel; i += step) {
      out.push({ path: list[i].path, label })
    }
  }
  return out
}
