import { closeSync, openSync, writeSync } from 'node:fs'
import { writeAtomicallySync } from '../files/staging'
import type { HistoryRow } from '../../../shared/types/scan'

/**
 * CSV as RFC 4180 writes it: comma-separated, CRLF line ends, a field quoted when it holds a comma, a quote, a
 * CR or LF (or starts/ends with a space), quotes doubled inside. UTF-8 with a byte-order mark by default, because
 * that is what makes spreadsheet programs read non-ASCII file names correctly. Text is data, never a formula: a
 * text cell that begins with = + - @ tab or CR (what a spreadsheet would evaluate: `=HYPERLINK(…)` in a reviewer's
 * note, `@SUM(…)`, `+cmd`) gets a leading apostrophe, OWASP's rule for CSV injection, so it opens as the text it
 * is. Numbers are written as numbers (a negative one is a number, not a formula).
 */

export type CsvValue = string | number | boolean | null | undefined

export function csvField(v: CsvValue): string {
  if (v === null || v === undefined) return ''
  const s =
    typeof v === 'number'
      ? Number.isFinite(v)
        ? String(v)
        : ''
      : typeof v === 'boolean'
        ? v
          ? 'true'
          : 'false'
        : v
  const text = typeof v === 'string' ? neutraliseFormula(s) : s
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replaceAll('"', '""')}"` : text
}

/** A text cell a spreadsheet would read as a formula, made plain text (see the module comment). */
export function neutraliseFormula(s: string): string {
  return /^[=+\-@\t\r]/.test(s) ? `'${s}` : s
}

export function csvLine(values: readonly CsvValue[]): string {
  return `${values.map(csvField).join(',')}\r\n`
}

/** Writes header + rows to `file` through a temporary file and a rename, so a reader never sees half a file. */
export function writeCsvFile(
  file: string,
  header: readonly string[],
  rows: Iterable<readonly CsvValue[]>,
  bom = true
): number {
  let n = 0
  writeAtomicallySync(file, (tmp) => {
    const fd = openSync(tmp, 'w')
    try {
      writeSync(fd, (bom ? '\uFEFF' : '') + csvLine(header))
      for (const r of rows) {
        writeSync(fd, csvLine(r))
        n++
      }
    } finally {
      closeSync(fd)
    }
  })
  return n
}

const round6 = (x: number): number => Math.round(x * 1e6) / 1e6

/** Every class named by any row, in first-seen order, for the `p_<class>` columns. */
export function classColumns(rows: readonly HistoryRow[]): string[] {
  const seen = new Set<string>()
  for (const r of rows) for (const c of r.prediction.classes) seen.add(c)
  return [...seen]
}

/** The scan / history export: one line per file, a `p_<class>` column per class, then the current review. */
export function historyTable(rows: readonly HistoryRow[]): { header: string[]; lines: CsvValue[][] } {
  const classes = classColumns(rows)
  const header = [
    'path',
    'sha256',
    'predicted',
    'confidence',
    ...classes.map((c) => `p_${c}`),
    'flagged',
    'ood',
    'ood_score',
    'flag_reason',
    'model_version',
    'tta',
    'backend',
    'scanned_at',
    'scan_id',
    'reviewed_label',
    'reviewer',
    'review_note',
    'reviewed_at'
  ]
  const lines = rows.map((r) => {
    const p = r.prediction
    return [
      r.path,
      r.sha256,
      p.predicted,
      round6(p.confidence),
      ...classes.map((c) => {
        const i = p.classes.indexOf(c)
        return i < 0 ? null : round6(p.probabilities[i])
      }),
      p.flagged,
      p.ood ?? null,
      p.oodScore === null || p.oodScore === undefined ? null : round6(p.oodScore),
      p.flagReason ?? null,
      p.modelId,
      p.tta,
      p.backend,
      p.scannedAt,
      r.scanId,
      r.review?.label,
      r.review?.reviewer,
      r.review?.note,
      r.review?.reviewedAt
    ]
  })
  return { header, lines }
}

/**
 * `auditHash`: the review log's last chain hash at export time (review/chain.ts), written as a last column on every
 * line, so a copy of the results can later be matched against the log (`leukolens review verify`).
 */
export function writeHistoryCsv(file: string, rows: readonly HistoryRow[], auditHash?: string): number {
  const t = historyTable(rows)
  if (auditHash === undefined) return writeCsvFile(file, t.header, t.lines)
  return writeCsvFile(
    file,
    [...t.header, 'audit_log_hash'],
    t.lines.map((l) => [...l, auditHash])
  )
}
