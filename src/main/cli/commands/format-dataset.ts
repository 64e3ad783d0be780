import type { ClassCount, ImportSummary, SkippedFile, SplitSummary } from '../../../shared/types/datasets'
import { formatSplitTable } from '../../core/splits/report'

export function formatClasses(classes: readonly ClassCount[]): string {
  if (!classes.length) return '  (no labelled images)'
  return classes
    .map((c) => {
      const from =
        c.sources.length && (c.sources.length > 1 || c.sources[0] !== c.name)
          ? ` from ${c.sources.join(', ')}`
          : ''
      return `  ${c.name.padEnd(10)} ${String(c.images).padStart(6)} images${c.subjects ? `, ${c.subjects} subject(s)` : ''}${from}`
    })
    .join('\n')
}

/** `class mapping: benign→HEM, early→ALL` as one line, or nothing when there is no mapping. */
export function formatMapping(map: Record<string, string>): string[] {
  const pairs = Object.entries(map).map(([k, v]) => `${k}→${v}`)
  return pairs.length ? [`class mapping: ${pairs.join(', ')}`] : []
}

export function formatSplitOrNot(split: SplitSummary | null, labelled: boolean): string {
  if (split) return formatSplitTable(split)
  return labelled
    ? 'not split (run `leukolens split DATASET` to split it)'
    : 'not split: no labelled images (a folder to scan, not to train on)'
}

function listFiles(title: string, files: readonly SkippedFile[], max = 20): string[] {
  if (!files.length) return []
  const lines = [`${title} (${files.length}):`, ...files.slice(0, max).map((f) => `  ${f.path}: ${f.reason}`)]
  if (files.length > max) lines.push(`  … and ${files.length - max} more (--json lists all)`)
  return lines
}

export function formatImportSummary(s: ImportSummary): string {
  const dupConflicts = s.duplicates.filter((d) => !d.sameLabel)
  const lines = [
    `${s.dataset.created ? 'Created' : 'Updated'} dataset "${s.dataset.name}" from ${s.dataset.root}`,
    `layout: ${s.layoutDescription}`,
    ...formatMapping(s.classMapping),
    `read ${s.filesFound} file(s): ${s.added} new image(s), ${s.duplicates.length} duplicate(s), ${s.alreadyImported} already imported, ` +
      `${s.skipped.length} skipped, ${s.ignored.length} ignored (${s.seconds.toFixed(1)} s)`,
    ...listFiles('skipped', s.skipped),
    ...listFiles('folders skipped (their files were not read)', s.skippedFolders),
    ...listFiles(
      'duplicates (same content as another file; stored once)',
      s.duplicates.map((d) => ({
        path: d.path,
        reason: `same as ${d.duplicateOf}${d.sameLabel ? '' : ' — DIFFERENT CLASS, first label kept'}`
      })),
      10
    ),
    ...listFiles('ignored', s.ignored, 5),
    ...(dupConflicts.length
      ? [`warning: ${dupConflicts.length} duplicate(s) sit under two different classes`]
      : []),
    `dataset now: ${s.classes.reduce((n, c) => n + c.images, 0) + s.unlabelled} image(s)${s.subjects ? `, ${s.subjects} subject(s)` : ''}${s.unlabelled ? `, ${s.unlabelled} without label` : ''}`,
    formatClasses(s.classes),
    formatSplitOrNot(s.split, s.classes.length > 0)
  ]
  return lines.join('\n')
}
