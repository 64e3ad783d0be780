/**
 * The forward-looking split for images of unknown subject.
 *
 * A lab uses a model on the patients that come after its training data. Microscope exports are numbered (or
 * dated) as they are taken, and neighbouring files share patient, slide and session, so random blocks put every
 * test block between training blocks of the same sessions and read too high. Ordering each series of files
 * (one folder of one class) by name or time and testing on its newest part is the honest stand-in: the newest
 * files go to test, the ones just before them to validation, the oldest to training.
 */
import type { SplitName, SplitOrder } from '../../../shared/types/datasets'
import { naturalCompare } from './blocks'

export interface ForwardItem {
  imageId: number
  label: string
  /** Path inside the dataset (folders, then the file name). */
  path: string
  /** With order `mtime`: the file's modification time in ms (ties fall back to the name). */
  time?: number
}

function folderOf(path: string): string {
  const i = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'))
  return i < 0 ? '' : path.slice(0, i)
}

/** The series a file belongs to: one class in one folder (Aria's Early, Pre and Pro are separate series of ALL). */
function seriesOf(it: ForwardItem): string {
  return `${it.label}\u0000${folderOf(it.path)}`
}

/**
 * Assigns each series' files, oldest first, to train, then validation, then test, by the ratios: the newest
 * round(test share · n) files go to test and the round(val share · n) before them to validation. A series of at
 * least three files gives each active split at least one file, so no split lacks a class that has files.
 */
export function forwardSplit(
  items: readonly ForwardItem[],
  ratios: readonly [number, number, number],
  order: SplitOrder = 'name'
): Map<number, SplitName> {
  const total = ratios[0] + ratios[1] + ratios[2]
  const bySeries = new Map<string, ForwardItem[]>()
  for (const it of items) {
    const key = seriesOf(it)
    const list = bySeries.get(key)
    if (list) list.push(it)
    else bySeries.set(key, [it])
  }
  const out = new Map<number, SplitName>()
  for (const list of bySeries.values()) {
    list.sort((a, b) =>
      order === 'mtime'
        ? (a.time ?? 0) - (b.time ?? 0) || naturalCompare(a.path, b.path)
        : naturalCompare(a.path, b.path)
    )
    const n = list.length
    const atLeastOne = (share: number): number =>
      share > 0 && n >= 3 ? Math.max(1, Math.round(share * n)) : Math.round(share * n)
    const test = atLeastOne(ratios[2] / total)
    const val = atLeastOne(ratios[1] / total)
    list.forEach((it, i) =>
      out.set(it.imageId, i >= n - test ? 'test' : i >= n - test - val ? 'val' : 'train')
    )
  }
  return out
}
