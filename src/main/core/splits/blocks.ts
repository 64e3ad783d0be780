/**
 * Stand-in subjects for images whose subject (patient) is unknown.
 *
 * Microscope exports are numbered as they are taken, so neighbouring file names come from the same patient and
 * slide. A split that puts image 41 in training and image 42 in validation measures recall of a patient, not
 * generalisation. Cutting each folder's files, in natural name order, into contiguous blocks and keeping every
 * block whole in one split removes that leak at the cost of coarser stratification. The block size is chosen by
 * measurement (README, `npm run bench:recipes`): the smallest size past which validation accuracy stops falling.
 */

/** Measured on Aria (README, "Splits when subjects are unknown"). */
export const DEFAULT_BLOCK_SIZE = 100

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' })

/** Natural order: `img-2` before `img-10`, case-insensitive, ties broken by plain code-point order. */
export function naturalCompare(a: string, b: string): number {
  return collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0)
}

export interface BlockItem {
  imageId: number
  /** Path inside the dataset (folders, then the file name). */
  path: string
}

function folderOf(path: string): string {
  const i = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'))
  return i < 0 ? '' : path.slice(0, i)
}

/**
 * Groups items into blocks of `blockSize` consecutive files per folder (natural name order) and returns each
 * item's block name, `block:<folder>#<k>`. A folder's last block may be smaller, and a folder of fewer than
 * 3 × blockSize files is cut into 3 blocks. Folders never share a block:
 * a class-per-folder layout would otherwise mix classes in one block at the boundary.
 */
/** One block for each of train, validation and test. */
export const MIN_BLOCKS_PER_FOLDER = 3

export function blockSubjects(items: readonly BlockItem[], blockSize: number): Map<number, string> {
  if (!Number.isInteger(blockSize) || blockSize < 1)
    throw new RangeError(`block size must be a whole number ≥ 1, got ${blockSize}`)
  const byFolder = new Map<string, BlockItem[]>()
  for (const it of items) {
    const f = folderOf(it.path)
    const list = byFolder.get(f)
    if (list) list.push(it)
    else byFolder.set(f, [it])
  }
  const out = new Map<number, string>()
  for (const [folder, list] of byFolder) {
    list.sort((a, b) => naturalCompare(a.path, b.path))
    // A folder smaller than three blocks would fall whole into one split (a class-per-folder set of 30 normal
    // cells gave a validation split with no normal cell, and training could not choose a threshold): such a
    // folder is cut into three blocks instead.
    const size = Math.min(blockSize, Math.max(1, Math.floor(list.length / MIN_BLOCKS_PER_FOLDER)))
    list.forEach((it, i) => out.set(it.imageId, `block:${folder}#${Math.floor(i / size)}`))
  }
  return out
}

/** `--group-by` : a subject id from a file name, the regular expression's first capture group (or whole match). */
export function subjectFromPattern(pattern: RegExp, path: string): string | null {
  const name = path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1)
  const m = pattern.exec(name)
  if (!m) return null
  return (m.length > 1 ? m[1] : m[0]) ?? null
}

/** Compiles a `--group-by` expression; a broken one is one clear sentence. */
export function parseGroupBy(text: string): RegExp {
  let re: RegExp
  try {
    re = new RegExp(text)
  } catch (err) {
    throw new Error(`invalid --group-by "${text}": ${(err as Error).message}`)
  }
  return re
}
