import { readFileSync } from 'node:fs'
import { basename, join, resolve } from 'node:path'
import type { DuplicateFile, ImportSummary, SplitSummary } from '../../../shared/types/datasets'
import type { ProgressListener } from '../../../shared/types/progress'
import { DATASETS_LOCK, getDatasetByName, insertDataset, type DatasetRow } from '../db/queries/datasets'
import {
  datasetCounts,
  datasetFiles,
  datasetMembers,
  imagesBySha,
  insertMembers,
  upsertDatasetFiles,
  upsertImages,
  type MemberRow
} from '../db/queries/images'
import { lockFor, write, type Queries, type Store } from '../db/store'
import type { ImageFormat } from '../images/errors'
import { DEFAULT_MAX_PIXELS } from '../images/limits'
import { splitDatasetIn, storedSplitSummary, type SplitRequest } from '../splits/split-dataset'
import { checkClassMap, ClassMapError, mapLabel, parseClassMap, type ClassMapping } from './class-map'
import { classCounts } from './dataset-info'
import { ImportError, listFiles } from './files'
import type { WalkOptions } from './walk-folder'
import { IMAGE_EXTENSIONS, planImport } from './layout'
import { readPlannedFiles, type ReadFile } from './read-files'
import { applySubjects, type SubjectSource } from './subjects'
import { batchedLookup } from './batched-lookup'

export interface ImportOptions {
  folder: string
  /** Dataset name; default: the folder's name. Importing again under the same name adds what is new. */
  name?: string
  /** `Benign=HEM,Early=ALL` or a parsed mapping; default: the dataset's stored mapping, else none. */
  map?: string | ClassMapping
  /**
   * Split after importing (default on): a new dataset gets a fresh split with these settings; a re-import keeps
   * every earlier image where it is and places only the new ones. `false` leaves splitting to `split`.
   */
  split?: false | SplitRequest
  /** Real subject ids from the file names or a CSV, overriding the layout's (see subjects.ts). */
  subjects?: SubjectSource
  concurrency?: number
  /**
   * Images over this many pixels are skipped from their header; the services pass the `images.maxMegapixels`
   * setting (default here: the built-in limit).
   */
  maxPixels?: number
  /** Cancels the import while files are read; nothing is stored then. */
  signal?: AbortSignal
  /** The directory reader (tests inject a failing one: root reads a chmod 000 folder regardless). */
  readDir?: WalkOptions['readDir']
}

function sameMapping(a: ClassMapping, b: ClassMapping): boolean {
  const ka = Object.keys(a).sort()
  const kb = Object.keys(b).sort()
  return ka.length === kb.length && ka.every((k, i) => k === kb[i] && a[k] === b[k])
}

/**
 * Imports a folder of images into a dataset: recognises the layout, reads/hashes/probes every image in parallel,
 * deduplicates by content, then stores everything (and the split) in ONE transaction, so an import that fails
 * half way leaves the database as it was. Unusable files are skipped with their reason and the import goes on.
 * Every file is read before the transaction opens; inside it only batched statements run.
 */
export async function importFolder(
  store: Store,
  options: ImportOptions,
  onProgress?: ProgressListener
): Promise<ImportSummary> {
  const started = performance.now()
  const root = resolve(options.folder)
  const { files: paths, skipped: skippedFolders } = await listFiles(root, { readDir: options.readDir })
  const plan = planImport(paths, (rel) => readFileSync(join(root, rel), 'utf8'))
  if (options.subjects) plan.files = applySubjects(plan.files, options.subjects)
  if (!plan.files.length && !plan.skipped.length) {
    throw new ImportError(
      `no images in ${root} (looked for ${IMAGE_EXTENSIONS.join(' ')} files${paths.length ? `; found ${paths.length} other file(s)` : ', the folder is empty'}${skippedFolders.length ? `; skipped ${skippedFolders.map((f) => `${f.path}: ${f.reason}`).join(', ')}` : ''})`
    )
  }
  const name = options.name ?? basename(root)
  const existing = await getDatasetByName(store.k, name)
  if (existing && existing.root !== root) {
    throw new ImportError(
      `dataset "${name}" already exists for ${existing.root}; choose another --name for ${root}`
    )
  }
  if (existing && existing.layout !== plan.layout) {
    throw new ImportError(
      `dataset "${name}" was imported as layout ${existing.layout}, the folder now looks like ${plan.layout}`
    )
  }
  let mapping: ClassMapping = existing?.classMapping ?? {}
  try {
    if (options.map !== undefined) {
      const given = typeof options.map === 'string' ? parseClassMap(options.map) : options.map
      if (existing && !sameMapping(given, existing.classMapping)) {
        throw new ImportError(
          `dataset "${name}" was imported with another class mapping; import under a new --name to change it`
        )
      }
      mapping = given
    }
    if (Object.keys(mapping).length) checkClassMap(mapping, plan.sourceClasses)
  } catch (err) {
    if (err instanceof ClassMapError) throw new ImportError(err.message)
    throw err
  }

  // Content stored before (by any dataset) was decoded then; it is hashed again but not decoded again.
  const stored = batchedLookup(async (shas) => {
    const found = await imagesBySha(store.k, shas)
    return new Map(
      [...found].map(([sha, img]) => [
        sha,
        { width: img.width, height: img.height, format: img.format as ImageFormat }
      ])
    )
  })
  const { read, skipped } = await readPlannedFiles(root, plan.files, {
    concurrency: options.concurrency,
    onProgress,
    known: stored,
    maxPixels: options.maxPixels ?? DEFAULT_MAX_PIXELS,
    signal: options.signal
  })
  options.signal?.throwIfAborted()
  if (!read.length && !existing) {
    throw new ImportError(
      `no readable images in ${root}: ${skipped.length} file(s) skipped (first: ${skipped[0]?.path}: ${skipped[0]?.reason})`
    )
  }

  onProgress?.({ phase: 'saving', done: 0, total: 1 })
  const saved = await write(store, async (trx) => {
    await lockFor(store, trx, DATASETS_LOCK)
    // Another workstation may have imported or deleted this dataset while the files were read.
    const now = await getDatasetByName(trx, name)
    if (!existing && now)
      throw new ImportError(
        `dataset "${name}" was created meanwhile by another import; import again to add to it`
      )
    if (existing && !now) throw new ImportError(`dataset "${name}" was deleted meanwhile; import again`)
    const datasetId =
      now?.id ?? (await insertDataset(trx, { name, root, layout: plan.layout, classMapping: mapping }))
    const rows = await storeFiles(trx, datasetId, root, read, mapping, Boolean(now))
    const split = await splitAfterImport(trx, datasetId, now, rows.added, options.split)
    return { datasetId, ...rows, split }
  })
  onProgress?.({ phase: 'saving', done: 1, total: 1 })
  const { datasetId, added, alreadyImported, duplicates, split } = saved

  const counts = await datasetCounts(store.k, datasetId)
  return {
    dataset: { id: datasetId, name, root, layout: plan.layout, created: !existing },
    layoutDescription: plan.description,
    classMapping: mapping,
    filesFound: plan.files.length + plan.skipped.length + plan.ignored.length,
    added,
    alreadyImported,
    duplicates,
    skipped: [...plan.skipped, ...skipped].sort((a, b) => (a.path < b.path ? -1 : 1)),
    skippedFolders,
    ignored: plan.ignored,
    unlabelled: counts.images - counts.labelled,
    classes: await classCounts(store.k, datasetId),
    subjects: counts.subjects,
    split,
    seconds: (performance.now() - started) / 1000
  }
}

/**
 * The rows of the files read: the new contents, the dataset's new members and every file's path (a second file
 * of a content already in the dataset is a duplicate, recorded as a file only). Batched: a few statements for
 * thousands of files.
 */
async function storeFiles(
  trx: Queries,
  datasetId: number,
  root: string,
  files: readonly ReadFile[],
  mapping: ClassMapping,
  existed: boolean
): Promise<{ added: number; alreadyImported: number; duplicates: DuplicateFile[] }> {
  const firstOfContent = new Map<string, ReadFile>()
  for (const f of files) if (!firstOfContent.has(f.sha256)) firstOfContent.set(f.sha256, f)
  const ids = await upsertImages(
    trx,
    [...firstOfContent.values()].map((f) => ({
      sha256: f.sha256,
      path: join(root, f.path),
      size: f.size,
      width: f.width,
      height: f.height,
      format: f.format
    }))
  )
  const known = existed ? await datasetFiles(trx, datasetId) : new Map<string, string>()
  const members = existed ? await datasetMembers(trx, datasetId) : new Map<number, MemberRow>()
  const added: MemberRow[] = []
  const duplicates: DuplicateFile[] = []
  let alreadyImported = 0
  for (const f of files) {
    const label = mapLabel(mapping, f.sourceLabel)
    const imageId = ids.get(f.sha256)!
    const member = members.get(imageId)
    if (known.get(f.path) === f.sha256) alreadyImported++
    else if (member)
      duplicates.push({ path: f.path, duplicateOf: member.path, sameLabel: member.label === label })
    else {
      const m = { imageId, path: f.path, label, sourceLabel: f.sourceLabel, subject: f.subject }
      members.set(imageId, m)
      added.push(m)
    }
  }
  await insertMembers(trx, datasetId, added)
  await upsertDatasetFiles(
    trx,
    datasetId,
    files.map((f) => ({ path: f.path, imageId: ids.get(f.sha256)! }))
  )
  return { added: added.length, alreadyImported, duplicates }
}

/**
 * A new dataset gets a fresh split; a re-import that added images places only them; a flat folder has no labels,
 * so nothing to train on and nothing to split.
 */
async function splitAfterImport(
  trx: Queries,
  datasetId: number,
  before: DatasetRow | undefined,
  added: number,
  request: false | SplitRequest | undefined
): Promise<SplitSummary | null> {
  const hasSplit = before?.split
  if (request === false || (await datasetCounts(trx, datasetId)).labelled === 0 || (hasSplit && added === 0))
    return storedSplitSummary(trx, datasetId)
  return splitDatasetIn(
    trx,
    datasetId,
    hasSplit ? { ...hasSplit, rule: undefined, order: undefined, keepExisting: true } : { ...request }
  )
}
