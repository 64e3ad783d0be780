import type { ClassCount, DatasetDetails, DatasetListItem } from '../../../shared/types/datasets'
import { getDatasetByName, listDatasets, type DatasetRow } from '../db/queries/datasets'
import {
  classStats,
  datasetCounts,
  formatCounts,
  listDatasetImages,
  type DatasetImage
} from '../db/queries/images'
import type { Queries } from '../db/store'
import { storedSplitSummary } from '../splits/split-dataset'
import { ImportError } from './files'

export async function classCounts(q: Queries, datasetId: number): Promise<ClassCount[]> {
  return (await classStats(q, datasetId)).map((c) => ({
    name: c.label,
    images: c.images,
    subjects: c.subjects,
    sources: c.sources
  }))
}

async function listItem(q: Queries, d: DatasetRow): Promise<DatasetListItem> {
  const counts = await datasetCounts(q, d.id)
  return {
    id: d.id,
    name: d.name,
    root: d.root,
    layout: d.layout,
    createdAt: d.createdAt,
    images: counts.images,
    labelled: counts.labelled,
    classes: await classCounts(q, d.id),
    subjects: counts.subjects
  }
}

export async function listDatasetItems(q: Queries): Promise<DatasetListItem[]> {
  const items: DatasetListItem[] = []
  for (const d of await listDatasets(q)) items.push(await listItem(q, d))
  return items
}

/**
 * "no dataset named "Aria" (datasets: aria, mini; names are case-sensitive: did you mean aria?)": every refusal of
 * an unknown dataset name lists the names there are.
 */
export async function noDatasetMessage(q: Queries, name: string): Promise<string> {
  const names = (await listDatasets(q)).map((x) => x.name)
  if (!names.length)
    return `no dataset named "${name}" (none imported yet: \`leukolens import DIR --name NAME\`)`
  const near = names.find((n) => n.toLowerCase() === name.toLowerCase())
  const hint = near ? `; names are case-sensitive: did you mean ${near}?` : ''
  return `no dataset named "${name}" (datasets: ${names.join(', ')}${hint})`
}

/** A dataset by name, or an ImportError naming the datasets that exist. */
export async function requireDataset(q: Queries, name: string): Promise<DatasetRow> {
  const d = await getDatasetByName(q, name)
  if (!d) throw new ImportError(await noDatasetMessage(q, name))
  return d
}

export async function datasetDetails(q: Queries, d: DatasetRow): Promise<DatasetDetails> {
  const counts = await datasetCounts(q, d.id)
  return {
    ...(await listItem(q, d)),
    classMapping: d.classMapping,
    duplicateFiles: counts.files - counts.images,
    formats: await formatCounts(q, d.id),
    split: await storedSplitSummary(q, d.id)
  }
}

/** A few images per label (and unlabelled), spread over the dataset, for thumbnails in the app. */
export async function datasetSamples(
  q: Queries,
  datasetId: number,
  perLabel = 4
): Promise<{ path: string; label: string | null }[]> {
  const byLabel = new Map<string | null, DatasetImage[]>()
  for (const im of await listDatasetImages(q, datasetId)) {
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
