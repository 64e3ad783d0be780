/** Plain data about datasets, imports and splits, as the command line prints it and the app shows it. */

/** How a folder was recognised. `cnmc`: the Kaggle C-NMC 2019 tree; `class-folders`: one folder per class. */
export type DatasetLayout = 'cnmc' | 'class-folders' | 'flat'

export type SplitName = 'train' | 'val' | 'test'
export const SPLIT_NAMES: readonly SplitName[] = ['train', 'val', 'test']

/** `subject`: no subject (patient) in two splits; `image`: every image on its own (leaks across patients). */
export type SplitBy = 'subject' | 'image'

export interface ClassCount {
  /** Label after the class mapping, e.g. `ALL`. */
  name: string
  images: number
  /** Distinct known subjects with this label (0 when the layout gives none). */
  subjects: number
  /** Folder/source class names that were mapped to this label, e.g. `['Early', 'Pre', 'Pro']`. */
  sources: string[]
}

export interface SkippedFile {
  /** Path relative to the imported folder. */
  path: string
  reason: string
}

export interface DuplicateFile {
  path: string
  /** The path the same content was first stored under (in this dataset). */
  duplicateOf: string
  /** False when the copies sit under different classes: the first one's label was kept. */
  sameLabel: boolean
}

export interface SplitClassCount {
  images: number
  subjects: number
}

export interface SplitCount {
  split: SplitName
  images: number
  subjects: number
  classes: Record<string, SplitClassCount>
}

export interface SplitSummary {
  seed: number
  /** Percentages in train/val/test order, e.g. [70, 15, 15]. */
  ratios: [number, number, number]
  by: SplitBy
  /**
   * Images without a known subject were grouped into blocks of this many consecutive files (natural name order,
   * per folder), each block kept in one split as if it were a subject; null when not (subjects known, or `image`).
   */
  blockSize: number | null
  /** Number of such blocks (0 when `blockSize` is null). */
  blocks: number
  splits: SplitCount[]
  /** Honest notes, e.g. a class with too few subjects to appear in every split. */
  warnings: string[]
}

/** A stored dataset as `datasets list` shows it. */
export interface DatasetListItem {
  id: number
  name: string
  root: string
  layout: DatasetLayout
  createdAt: string
  images: number
  labelled: number
  classes: ClassCount[]
  subjects: number
}

/** A stored dataset in full, as `datasets show` shows it. */
export interface DatasetDetails extends DatasetListItem {
  /** Source class name (lower case) → label. Empty when no mapping was given. */
  classMapping: Record<string, string>
  /** Files that were the same content as another file of the dataset. */
  duplicateFiles: number
  formats: Record<string, number>
  split: SplitSummary | null
}

/** What one import did. Every count refers to this run; `classes` describes the whole dataset after it. */
export interface ImportSummary {
  dataset: { id: number; name: string; root: string; layout: DatasetLayout; created: boolean }
  /** One line describing what was recognised, e.g. "C-NMC (Kaggle): training_data/fold_0". */
  layoutDescription: string
  classMapping: Record<string, string>
  /** Image-like files found (by extension) in the folder. */
  filesFound: number
  /** Distinct new images added to the dataset. */
  added: number
  /** Files already part of the dataset from an earlier import (same path, same content). */
  alreadyImported: number
  duplicates: DuplicateFile[]
  skipped: SkippedFile[]
  /** Files not part of the recognised layout (e.g. C-NMC's unlabelled final test set), with why. */
  ignored: SkippedFile[]
  /** Images in the dataset without a label (flat folders). */
  unlabelled: number
  classes: ClassCount[]
  subjects: number
  split: SplitSummary | null
  seconds: number
}
