import type { DatasetLayout, SkippedFile } from '../../../shared/types/datasets'
import { parseCnmcName, subjectFromName } from './cnmc-names'

/** Extensions read as images. */
export const IMAGE_EXTENSIONS = ['.bmp', '.png', '.jpg', '.jpeg', '.tif', '.tiff']
/** Image extensions that are recognised but not supported: reported as skipped rather than silently passed over. */
export const UNSUPPORTED_IMAGE_EXTENSIONS = [
  '.gif',
  '.webp',
  '.heic',
  '.heif',
  '.avif',
  '.jp2',
  '.j2k',
  '.svg',
  '.ico',
  '.dcm',
  '.psd'
]

export function extensionOf(path: string): string {
  const base = path.slice(path.lastIndexOf('/') + 1)
  const dot = base.lastIndexOf('.')
  return dot > 0 ? base.slice(dot).toLowerCase() : ''
}

export const isImagePath = (p: string): boolean => IMAGE_EXTENSIONS.includes(extensionOf(p))
export const isUnsupportedImagePath = (p: string): boolean =>
  UNSUPPORTED_IMAGE_EXTENSIONS.includes(extensionOf(p))

/** One file to import: its path relative to the dataset root (always `/`-separated) and what the layout says. */
export interface PlannedFile {
  path: string
  /** Class before mapping (folder name, or ALL/HEM for C-NMC); null when the layout has no labels. */
  sourceLabel: string | null
  subject: string | null
}

export interface ImportPlan {
  layout: DatasetLayout
  description: string
  files: PlannedFile[]
  /** Image files that cannot be imported for a reason found before reading them. */
  skipped: SkippedFile[]
  /** Image files outside the recognised layout. */
  ignored: SkippedFile[]
  /** Source class names found, in order of first appearance after sorting paths. */
  sourceClasses: string[]
}

const TRAIN_RE = /^(.*\/)?training_data\/(fold_[^/]+)\/(all|hem)\/([^/]+)$/i
const PRELIM_CSV_RE = /(^|\/)([^/]*test_prelim_phase_data)_labels\.csv$/i

function baseName(p: string): string {
  return p.slice(p.lastIndexOf('/') + 1)
}

function parseCsvLine(line: string): string[] {
  return line.split(',').map((c) => c.trim().replace(/^"(.*)"$/, '$1'))
}

/** Reads the prelim labels CSV (`Patient_ID,new_names,labels`; 1 = ALL, 0 = HEM) into name → label/subject. */
export function parsePrelimLabels(
  text: string,
  csvPath: string
): Map<string, { label: 'ALL' | 'HEM'; subject: string | null }> {
  const lines = text.split(/\r?\n/).filter((l) => l.trim())
  const header = parseCsvLine(lines[0] ?? '').map((h) => h.toLowerCase())
  const iPatient = header.indexOf('patient_id')
  const iName = header.indexOf('new_names')
  const iLabel = header.indexOf('labels')
  if (iPatient < 0 || iName < 0 || iLabel < 0) {
    throw new Error(
      `${csvPath}: expected columns Patient_ID,new_names,labels, found ${lines[0] ?? '(empty file)'}`
    )
  }
  const out = new Map<string, { label: 'ALL' | 'HEM'; subject: string | null }>()
  lines.slice(1).forEach((line, i) => {
    const cols = parseCsvLine(line)
    const label = cols[iLabel] === '1' ? 'ALL' : cols[iLabel] === '0' ? 'HEM' : null
    if (!label || !cols[iName])
      throw new Error(`${csvPath} line ${i + 2}: expected labels 0 or 1 and a file name, got "${line}"`)
    out.set(cols[iName], { label, subject: subjectFromName(cols[iPatient]) })
  })
  return out
}

function planCnmc(images: string[], csvPaths: string[], readText: (rel: string) => string): ImportPlan {
  const files: PlannedFile[] = []
  const skipped: SkippedFile[] = []
  const ignored: SkippedFile[] = []
  const parts = new Set<string>()
  const prelim = new Map<string, { dir: string; labels: ReturnType<typeof parsePrelimLabels>; csv: string }>()
  for (const csv of csvPaths) {
    const m = PRELIM_CSV_RE.exec(csv)!
    const dir = csv.slice(0, csv.length - baseName(csv).length) + m[2]
    prelim.set(dir, { dir, labels: parsePrelimLabels(readText(csv), csv), csv })
  }
  for (const path of images) {
    const t = TRAIN_RE.exec(path)
    if (t) {
      const label = t[3].toUpperCase()
      const named = parseCnmcName(t[4])
      if (named && named.label !== label) {
        skipped.push({ path, reason: `file name says ${named.label} but it is in the ${t[3]} folder` })
        continue
      }
      parts.add(`training_data/${t[2]}`)
      files.push({ path, sourceLabel: label, subject: named?.subject ?? null })
      continue
    }
    const dir = path.slice(0, path.lastIndexOf('/'))
    const p = prelim.get(dir)
    if (p) {
      const entry = p.labels.get(baseName(path))
      if (!entry) {
        ignored.push({ path, reason: `not listed in ${p.csv}` })
        continue
      }
      parts.add(dir.slice(dir.lastIndexOf('/') + 1))
      files.push({ path, sourceLabel: entry.label, subject: entry.subject })
      continue
    }
    ignored.push({
      path,
      reason: 'outside the labelled C-NMC folders (training_data/fold_*/{all,hem}, prelim test set)'
    })
  }
  return {
    layout: 'cnmc',
    description: `C-NMC (Kaggle): ${[...parts].sort().join(', ')}`,
    files,
    skipped,
    ignored,
    sourceClasses: ['ALL', 'HEM'].filter((c) => files.some((f) => f.sourceLabel === c))
  }
}

/**
 * Recognises the layout of a folder from its file list (paths relative to the folder, `/`-separated) and says
 * which class and subject each image has. `readText` reads a small text file of the list (the C-NMC labels CSV).
 *
 * - C-NMC: `…/training_data/fold_*\/{all,hem}/*` and/or the prelim test set beside its labels CSV.
 * - class folders: the first folder level names the class (images may sit deeper); images at the top level get
 *   no label.
 * - flat: images with no folders, no labels.
 * Subjects come from C-NMC-style names in every layout, and from the CSV's Patient_ID.
 */
export function planImport(allPaths: readonly string[], readText: (rel: string) => string): ImportPlan {
  const paths = [...allPaths].sort()
  const images = paths.filter(isImagePath)
  const unsupported: SkippedFile[] = paths.filter(isUnsupportedImagePath).map((path) => ({
    path,
    reason: `unsupported format ${extensionOf(path).slice(1).toUpperCase()} (BMP, PNG, JPEG and TIFF are supported)`
  }))
  const csvs = paths.filter((p) => PRELIM_CSV_RE.test(p))
  if (images.some((p) => TRAIN_RE.test(p)) || csvs.length) {
    const plan = planCnmc(images, csvs, readText)
    return { ...plan, skipped: [...unsupported, ...plan.skipped] }
  }
  const nested = images.filter((p) => p.includes('/'))
  if (!nested.length) {
    return {
      layout: 'flat',
      description: 'flat folder, no labels',
      files: images.map((path) => ({ path, sourceLabel: null, subject: subjectFromName(path) })),
      skipped: unsupported,
      ignored: [],
      sourceClasses: []
    }
  }
  // Folders that only wrap the class folders (`export/aria-all/Benign/…`) are looked through.
  let prefix = ''
  for (;;) {
    const first = images[0].slice(prefix.length).split('/')[0]
    const next = `${prefix}${first}/`
    if (!images.every((p) => p.startsWith(next) && p.slice(next.length).includes('/'))) break
    prefix = next
  }
  const classes: string[] = []
  const files = images.map((path) => {
    const rest = path.slice(prefix.length)
    const slash = rest.indexOf('/')
    const cls = slash > 0 ? rest.slice(0, slash) : null
    if (cls !== null && !classes.includes(cls)) classes.push(cls)
    return { path, sourceLabel: cls, subject: subjectFromName(baseName(path)) }
  })
  const loose = files.filter((f) => f.sourceLabel === null).length
  return {
    layout: 'class-folders',
    description:
      `one folder per class${prefix ? ` in ${prefix}` : ''}: ${classes.join(', ')}` +
      (loose ? ` (${loose} image(s) at the top level, not in a class folder: no label)` : ''),
    files,
    skipped: unsupported,
    ignored: [],
    sourceClasses: classes
  }
}
