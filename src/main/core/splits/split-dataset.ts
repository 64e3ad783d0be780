import { statSync } from 'node:fs'
import type { SplitBy, SplitOrder, SplitRule, SplitSummary } from '../../../shared/types/datasets'
import { ImportError } from '../import/files'
import { DATASETS_LOCK, getDataset, setSplitSettings } from '../db/queries/datasets'
import { currentAssignment, replaceSplit, splitItems, splitRows } from '../db/queries/splits'
import { assignSplits, DEFAULT_RATIOS, DEFAULT_SEED } from './assign'
import { blockSubjects, DEFAULT_BLOCK_SIZE } from './blocks'
import { summariseSplit } from './report'
import { lockFor, write, type Queries, type Store } from '../db/store'

export interface SplitRequest {
  seed?: number
  ratios?: [number, number, number]
  /** Default `subject`: images of unknown subject are grouped in blocks of neighbouring files (blocks.ts). */
  by?: SplitBy
  /**
   * Images of unknown subject: `forward` (default) tests on each folder's newest files, `blocks` on random blocks
   * of neighbouring files (see forward.ts and blocks.ts).
   */
  rule?: SplitRule
  /** Forward rule: what "newest" means, natural name order (default) or the files' modification time. */
  order?: SplitOrder
  /** Blocks rule: block size (default DEFAULT_BLOCK_SIZE); 0 splits them one by one. */
  blockSize?: number | null
  /** Keep every image's current split and place only the new ones (what a re-import does). */
  keepExisting?: boolean
}

/** Splits (or re-splits) a dataset's labelled images and stores the result with its settings, atomically. */
export function splitDataset(store: Store, datasetId: number, req: SplitRequest = {}): Promise<SplitSummary> {
  return write(store, async (trx) => {
    await lockFor(store, trx, DATASETS_LOCK)
    return splitDatasetIn(trx, datasetId, req)
  })
}

/**
 * `splitDataset` inside a write transaction the caller holds (an import stores its rows and their split in one).
 * The forward rule by file time reads the files' times here, synchronously: nothing else runs meanwhile.
 */
export async function splitDatasetIn(
  trx: Queries,
  datasetId: number,
  req: SplitRequest = {}
): Promise<SplitSummary> {
  const ds = await getDataset(trx, datasetId)
  if (!ds) throw new Error(`no dataset with id ${datasetId}`)
  const items = await splitItems(trx, datasetId)
  if (!items.length) throw new ImportError(`dataset "${ds.name}" has no labelled images to split`)
  const by = req.by ?? 'subject'
  const unknown = by === 'subject' && items.some((i) => i.subject === null)
  // A re-split that keeps the existing split (new images added) follows the rule the dataset was split with.
  const stored = req.keepExisting ? ds.split : null
  const rule: SplitRule =
    req.rule ?? stored?.rule ?? (stored?.blockSize || (req.blockSize ?? null) !== null ? 'blocks' : 'forward')
  const order: SplitOrder = req.order ?? stored?.order ?? 'name'
  const size = req.blockSize === undefined || req.blockSize === null ? DEFAULT_BLOCK_SIZE : req.blockSize
  if (!Number.isInteger(size) || size < 0)
    throw new ImportError(`invalid block size ${size}: expected a whole number (0 = no blocks)`)
  const settings = {
    seed: req.seed ?? DEFAULT_SEED,
    ratios: req.ratios ?? DEFAULT_RATIOS,
    by,
    blockSize: unknown && rule === 'blocks' && size > 0 ? size : null,
    rule: unknown ? rule : null,
    order: unknown && rule === 'forward' ? order : null
  }
  const existing = req.keepExisting ? await currentAssignment(trx, datasetId) : undefined
  const timed = settings.order === 'mtime' ? items.map((i) => ({ ...i, time: fileTime(i.file) })) : items
  await replaceSplit(trx, datasetId, assignSplits(timed, { ...settings, existing }))
  await setSplitSettings(trx, datasetId, settings)
  return (await storedSplitSummary(trx, datasetId))!
}

/** A file's modification time for the forward rule by time; a file that is gone is one clear sentence. */
function fileTime(path: string): number {
  try {
    return statSync(path).mtimeMs
  } catch (err) {
    throw new ImportError(
      `cannot order by file time: ${path} cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); split by name order instead`
    )
  }
}

/** The stored split of a dataset with counts and warnings, or null when it has none. */
export async function storedSplitSummary(q: Queries, datasetId: number): Promise<SplitSummary | null> {
  const ds = await getDataset(q, datasetId)
  if (!ds?.split) return null
  const items = await splitItems(q, datasetId)
  const unknown = items.filter((i) => i.subject === null)
  const blockSize = ds.split.by === 'subject' ? ds.split.blockSize : null
  const blocks = blockSize
    ? blockSubjects(
        unknown.map((i) => ({ imageId: i.imageId, path: i.path ?? i.key })),
        blockSize
      )
    : new Map<number, string>()
  const summary = summariseSplit(await splitRows(q, datasetId), { ...ds.split, blockSize })
  summary.blocks = new Set(blocks.values()).size
  const hasSubjects = unknown.length < items.length
  const forward = ds.split.by === 'subject' && ds.split.rule === 'forward'
  summary.rule =
    unknown.length && ds.split.by === 'subject' ? (ds.split.rule ?? (blockSize ? 'blocks' : null)) : null
  summary.order = forward ? (ds.split.order ?? 'name') : null
  if (forward && unknown.length) {
    const [, val, test] = ds.split.ratios
    const total = ds.split.ratios.reduce((a, b) => a + b, 0)
    summary.warnings.unshift(
      `${hasSubjects ? `${unknown.length} image(s) have` : 'this dataset has'} no known subject (patient): ` +
        `split forward — in each folder, ordered by ${summary.order === 'mtime' ? 'file time' : 'file name (natural order)'}, ` +
        `the newest ${Math.round((100 * test) / total)}% are the test part and the ${Math.round((100 * val) / total)}% before them validation, ` +
        'as a lab meets the patients after its training data (random blocks: --split-rule blocks; ' +
        'real subject ids: import with --group-by REGEX or --subjects CSV)'
    )
  } else if (blockSize && unknown.length) {
    summary.warnings.unshift(
      `${hasSubjects ? `${unknown.length} image(s) have` : 'this dataset has'} no known subject (patient): ` +
        `grouped into ${summary.blocks} blocks of up to ${blockSize} consecutive files (natural name order, per folder), ` +
        'each block kept in one split so that neighbouring images of one patient do not leak across splits; ' +
        'real subject ids: import with --group-by REGEX or --subjects CSV'
    )
  } else if (ds.split.by === 'image' && !hasSubjects) {
    summary.warnings.unshift(
      'no subjects (patients) are known for this dataset: split by image; if images share patients, validation and test scores will read too high'
    )
  }
  return summary
}
