import type { SplitBy, SplitCount, SplitName, SplitRule, SplitSummary } from '../../../shared/types/datasets'
import { SPLIT_NAMES } from '../../../shared/names'

export interface SplitRow {
  split: SplitName
  label: string
  subject: string | null
}

/** Class and subject counts per split, and honest warnings about what the split cannot do. */
export function summariseSplit(
  rows: readonly SplitRow[],
  settings: {
    seed: number
    ratios: [number, number, number]
    by: SplitBy
    blockSize?: number | null
    rule?: SplitRule | null
  }
): SplitSummary {
  const blockSize = settings.by === 'subject' ? (settings.blockSize ?? null) : null
  const labels = [...new Set(rows.map((r) => r.label))].sort()
  const splits: SplitCount[] = SPLIT_NAMES.map((split) => {
    const mine = rows.filter((r) => r.split === split)
    const classes: SplitCount['classes'] = {}
    for (const label of labels) {
      const ofClass = mine.filter((r) => r.label === label)
      classes[label] = {
        images: ofClass.length,
        subjects: new Set(ofClass.flatMap((r) => (r.subject ? [r.subject] : []))).size
      }
    }
    return {
      split,
      images: mine.length,
      subjects: new Set(mine.flatMap((r) => (r.subject ? [r.subject] : []))).size,
      classes
    }
  })
  const warnings: string[] = []
  const active = SPLIT_NAMES.filter((_, i) => settings.ratios[i] > 0)
  const withSubject = rows.filter((r) => r.subject !== null).length
  if (settings.by === 'image' && withSubject > 0) {
    warnings.push(
      'split by image although subjects are known: images of one subject are in several splits, so validation and test scores will read too high'
    )
  }
  if (settings.by === 'subject' && withSubject < rows.length && !blockSize && settings.rule !== 'forward') {
    const n = rows.length - withSubject
    warnings.push(
      `${n} image(s) have no known subject and were split one by one; if they share patients, scores will read too high`
    )
  }
  for (const label of labels) {
    const subjects = new Set(rows.filter((r) => r.label === label && r.subject).map((r) => r.subject))
    const missing = active.filter((s) => splits.find((c) => c.split === s)!.classes[label].images === 0)
    if (!missing.length) continue
    const why =
      settings.by === 'subject' && subjects.size > 0 && subjects.size < active.length
        ? `${label} has only ${subjects.size} subject(s) (${[...subjects].sort().join(', ')}) and no subject may be in two splits`
        : `${label} has too few images`
    warnings.push(
      `${missing.join(' and ')} ${missing.length > 1 ? 'have' : 'has'} no ${label} images: ${why}`
    )
  }
  return {
    seed: settings.seed,
    ratios: settings.ratios,
    by: settings.by,
    blockSize,
    blocks: 0,
    rule: null,
    order: null,
    splits,
    warnings
  }
}

/** A short table for the terminal: one line per split with images, subjects and per-class counts. */
export function formatSplitTable(s: SplitSummary): string {
  const labels = Object.keys(s.splits[0]?.classes ?? {})
  const grouping =
    s.rule === 'forward'
      ? `rule forward: unknown subjects by ${s.order === 'mtime' ? 'file time' : 'name order'}, newest files in test`
      : s.blockSize
        ? `rule blocks: unknown subjects as ${s.blocks} random blocks of up to ${s.blockSize} neighbouring files`
        : `grouped by ${s.by}`
  const lines = [`split (${s.ratios.join('/')}, seed ${s.seed}, ${grouping}):`]
  for (const c of s.splits) {
    const parts = labels.map(
      (l) => `${l} ${c.classes[l].images}${c.classes[l].subjects ? ` (${c.classes[l].subjects} subj.)` : ''}`
    )
    lines.push(
      `  ${c.split.padEnd(5)} ${String(c.images).padStart(6)} images${c.subjects ? `, ${c.subjects} subjects` : ''}: ${parts.join(', ')}`
    )
  }
  for (const w of s.warnings) lines.push(`  warning: ${w}`)
  return lines.join('\n')
}
