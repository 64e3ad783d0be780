/**
 * Reference classes for a control set or a validation study: a CSV naming each image (relative path or file name)
 * and its class as the lab knows it, or a class-per-folder tree (the folder a file sits in names its class, as
 * `import` reads it). Class names go through an optional mapping (`Benign=HEM,Early=ALL`).
 */
import { readFileSync } from 'node:fs'
import { basename, relative, sep } from 'node:path'
import { mapLabel, type ClassMapping } from '../import/class-map'

export class ReferenceFileError extends Error {
  override name = 'ReferenceFileError'
}

const FILE_COLUMNS = ['file', 'filename', 'file_name', 'path', 'name', 'image']
const CLASS_COLUMNS = ['class', 'label', 'reference', 'expected', 'truth']

function cells(line: string): string[] {
  return line.split(',').map((c) => c.trim().replace(/^"(.*)"$/, '$1'))
}

/** `file → class` from a CSV whose header names a file column and a class column. */
export function parseReferenceCsv(file: string, text: string, map: ClassMapping = {}): Map<string, string> {
  const lines = text.split(/\r?\n/).filter((l) => l.trim())
  const header = cells(lines[0] ?? '').map((c) => c.toLowerCase())
  const iFile = header.findIndex((c) => FILE_COLUMNS.includes(c))
  const iClass = header.findIndex((c) => CLASS_COLUMNS.includes(c))
  if (iFile < 0 || iClass < 0)
    throw new ReferenceFileError(
      `${file}: the header needs a file column (${FILE_COLUMNS.join('/')}) and a class column (${CLASS_COLUMNS.join('/')}), found ${header.join(',') || 'nothing'}`
    )
  const out = new Map<string, string>()
  lines.slice(1).forEach((line, i) => {
    const c = cells(line)
    if (!c[iFile] || !c[iClass])
      throw new ReferenceFileError(`${file} line ${i + 2}: a file name and a class are needed, got "${line}"`)
    out.set(c[iFile].replace(/\\/g, '/'), mapLabel(map, c[iClass])!)
  })
  if (!out.size) throw new ReferenceFileError(`${file}: no reference rows under the header`)
  return out
}

export function readReferenceCsv(file: string, map: ClassMapping = {}): Map<string, string> {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (err) {
    throw new ReferenceFileError(
      `${file}: cannot read the reference file (${(err as NodeJS.ErrnoException).code})`
    )
  }
  return parseReferenceCsv(file, text, map)
}

/** The class a file under `root` has by its folder (class-per-folder), or null for a file at the top. */
export function classFromFolder(root: string, path: string, map: ClassMapping = {}): string | null {
  const parts = relative(root, path).split(sep)
  return parts.length < 2 ? null : mapLabel(map, parts[parts.length - 2])
}

/** Looks a scanned file up in a reference: by its path relative to the scanned folder, else by its file name. */
export function referenceOf(
  ref: ReadonlyMap<string, string>,
  root: string,
  path: string
): string | undefined {
  return ref.get(relative(root, path).split(sep).join('/')) ?? ref.get(basename(path))
}

const SAMPLE_COLUMNS = ['sample', 'sample_id', 'subject', 'slide', 'patient']
const CELLS_COLUMNS = ['cells', 'total', 'counted', 'n']

/**
 * A manual differential per sample: a CSV with a sample column, the cells counted and the blasts among them (a
 * column named `blasts` or after the blast class, e.g. `ALL`).
 */
export function parseManualCounts(
  file: string,
  text: string,
  blastClass: string
): { sample: string; cells: number; blasts: number }[] {
  const lines = text.split(/\r?\n/).filter((l) => l.trim())
  const header = cells(lines[0] ?? '').map((c) => c.toLowerCase())
  const iSample = header.findIndex((c) => SAMPLE_COLUMNS.includes(c))
  const iCells = header.findIndex((c) => CELLS_COLUMNS.includes(c))
  const iBlasts = header.findIndex((c) => c === 'blasts' || c === blastClass.toLowerCase())
  if (iSample < 0 || iCells < 0 || iBlasts < 0)
    throw new ReferenceFileError(
      `${file}: the header needs a sample column (${SAMPLE_COLUMNS.join('/')}), a cells column (${CELLS_COLUMNS.join('/')}) and a blasts column (blasts or ${blastClass}), found ${header.join(',') || 'nothing'}`
    )
  const out = lines.slice(1).map((line, i) => {
    const c = cells(line)
    const n = Number(c[iCells])
    const k = Number(c[iBlasts])
    if (!c[iSample] || !Number.isInteger(n) || n < 1 || !Number.isInteger(k) || k < 0 || k > n)
      throw new ReferenceFileError(
        `${file} line ${i + 2}: expected a sample, a whole number of cells ≥ 1 and of blasts between 0 and the cells, got "${line}"`
      )
    return { sample: c[iSample], cells: n, blasts: k }
  })
  if (!out.length) throw new ReferenceFileError(`${file}: no counts under the header`)
  return out
}

export function readManualCounts(file: string, blastClass: string) {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (err) {
    throw new ReferenceFileError(
      `${file}: cannot read the counts file (${(err as NodeJS.ErrnoException).code})`
    )
  }
  return parseManualCounts(file, text, blastClass)
}
