/** Plain data about datasets, imports and splits, as the command line prints it and the app shows it. */
import { z } from 'zod'
import { SPLIT_NAMES } from '../names'

/** How a folder was recognised. `cnmc`: the Kaggle C-NMC 2019 tree; `class-folders`: one folder per class. */
export const DatasetLayout = z.enum(['cnmc', 'class-folders', 'flat'])
export type DatasetLayout = z.infer<typeof DatasetLayout>

export const SplitName = z.enum(SPLIT_NAMES)
export type SplitName = z.infer<typeof SplitName>
export { SPLIT_NAMES }

/** `subject`: no subject (patient) in two splits; `image`: every image on its own (leaks across patients). */
export const SplitBy = z.enum(['subject', 'image'])
export type SplitBy = z.infer<typeof SplitBy>

/**
 * Images of unknown subject: `forward` puts each folder's newest files (by `SplitOrder`) in test and the ones
 * before them in validation; `blocks` keeps random blocks of neighbouring files in one split.
 */
export const SplitRule = z.enum(['forward', 'blocks'])
export type SplitRule = z.infer<typeof SplitRule>
/** What "newest" means for the forward rule: natural name order, or the files' modification time. */
export const SplitOrder = z.enum(['name', 'mtime'])
export type SplitOrder = z.infer<typeof SplitOrder>

export const ClassCount = z.object({
  /** Label after the class mapping, e.g. `ALL`. */
  name: z.string(),
  images: z.number(),
  /** Distinct known subjects with this label (0 when the layout gives none). */
  subjects: z.number(),
  /** Folder/source class names that were mapped to this label, e.g. `['Early', 'Pre', 'Pro']`. */
  sources: z.array(z.string())
})
export type ClassCount = z.infer<typeof ClassCount>

export const SkippedFile = z.object({
  /** Path relative to the imported folder. */
  path: z.string(),
  reason: z.string()
})
export type SkippedFile = z.infer<typeof SkippedFile>

export const DuplicateFile = z.object({
  path: z.string(),
  /** The path the same content was first stored under (in this dataset). */
  duplicateOf: z.string(),
  /** False when the copies sit under different classes: the first one's label was kept. */
  sameLabel: z.boolean()
})
export type DuplicateFile = z.infer<typeof DuplicateFile>

export const SplitClassCount = z.object({ images: z.number(), subjects: z.number() })
export type SplitClassCount = z.infer<typeof SplitClassCount>

export const SplitCount = z.object({
  split: SplitName,
  images: z.number(),
  subjects: z.number(),
  classes: z.record(z.string(), SplitClassCount)
})
export type SplitCount = z.infer<typeof SplitCount>

export const SplitSummary = z.object({
  seed: z.number(),
  /** Percentages in train/val/test order, e.g. [70, 15, 15]. */
  ratios: z.tuple([z.number(), z.number(), z.number()]),
  by: SplitBy,
  /**
   * Images without a known subject were grouped into blocks of this many consecutive files (natural name order,
   * per folder), each block kept in one split as if it were a subject; null when not (subjects known, or `image`).
   */
  blockSize: z.number().nullable(),
  /** Number of such blocks (0 when `blockSize` is null). */
  blocks: z.number(),
  /** The rule that placed images of unknown subject; null when every subject is known or the split is by image. */
  rule: SplitRule.nullable(),
  /** With the forward rule: how files were ordered; else null. */
  order: SplitOrder.nullable(),
  splits: z.array(SplitCount),
  /** Honest notes, e.g. a class with too few subjects to appear in every split. */
  warnings: z.array(z.string())
})
export type SplitSummary = z.infer<typeof SplitSummary>

/** A stored dataset as `datasets list` shows it. */
export const DatasetListItem = z.object({
  id: z.number(),
  name: z.string(),
  root: z.string(),
  layout: DatasetLayout,
  createdAt: z.string(),
  images: z.number(),
  labelled: z.number(),
  classes: z.array(ClassCount),
  subjects: z.number()
})
export type DatasetListItem = z.infer<typeof DatasetListItem>

/** A stored dataset in full, as `datasets show` shows it. */
export const DatasetDetails = DatasetListItem.extend({
  /** Source class name (lower case) → label. Empty when no mapping was given. */
  classMapping: z.record(z.string(), z.string()),
  /** Files that were the same content as another file of the dataset. */
  duplicateFiles: z.number(),
  formats: z.record(z.string(), z.number()),
  split: SplitSummary.nullable()
})
export type DatasetDetails = z.infer<typeof DatasetDetails>

/** What one import did. Every count refers to this run; `classes` describes the whole dataset after it. */
export const ImportSummary = z.object({
  dataset: z.object({
    id: z.number(),
    name: z.string(),
    root: z.string(),
    layout: DatasetLayout,
    created: z.boolean()
  }),
  /** One line describing what was recognised, e.g. "C-NMC (Kaggle): training_data/fold_0". */
  layoutDescription: z.string(),
  classMapping: z.record(z.string(), z.string()),
  /** Image-like files found (by extension) in the folder. */
  filesFound: z.number(),
  /** Distinct new images added to the dataset. */
  added: z.number(),
  /** Files already part of the dataset from an earlier import (same path, same content). */
  alreadyImported: z.number(),
  duplicates: z.array(DuplicateFile),
  skipped: z.array(SkippedFile),
  /** Subfolders left out (unreadable, a symlink loop, a broken link), each with why: their files were not read. */
  skippedFolders: z.array(SkippedFile),
  /** Files not part of the recognised layout (e.g. C-NMC's unlabelled final test set), with why. */
  ignored: z.array(SkippedFile),
  /** Images in the dataset without a label (flat folders). */
  unlabelled: z.number(),
  classes: z.array(ClassCount),
  subjects: z.number(),
  split: SplitSummary.nullable(),
  seconds: z.number()
})
export type ImportSummary = z.infer<typeof ImportSummary>
