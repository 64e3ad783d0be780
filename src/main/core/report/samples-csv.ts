/**
 * The per-sample summary CSV written beside a scan's CSV: one line per sample (a folder scan is one sample) with
 * its cells, the unfamiliar ones counted apart, each class's count, percentage and 95% Wilson interval (a class only a
 * person gives, such as `unidentified`, after the model's once a sample has one) — or, for a
 * sample whose result is withheld, empty class columns and the reason.
 */
import type { SampleCount } from '../../../shared/types/scan'
import { writeCsvFile, type CsvValue } from './csv'

const round2 = (x: number): number => Math.round(x * 100) / 100

export function samplesTable(
  samples: readonly SampleCount[],
  modelClasses: readonly string[]
): { header: string[]; lines: CsvValue[][] } {
  // The model's classes, then those only a person gave (`unidentified`): each sample lists them in its counts.
  const classes = [...modelClasses]
  for (const s of samples) for (const c of Object.keys(s.byClass)) if (!classes.includes(c)) classes.push(c)
  const header = [
    'sample',
    'fields',
    'cells',
    'unfamiliar',
    'counted',
    'withheld',
    'reason',
    ...classes.flatMap((c) => [`${c}_count`, `${c}_percent`, `${c}_ci95_low`, `${c}_ci95_high`]),
    'flagged',
    'flagged_unreviewed',
    'reviewed'
  ]
  const lines = samples.map((s) => [
    s.sample,
    s.fields,
    s.cells,
    s.unfamiliar,
    s.counted,
    s.withheld,
    s.reason ?? null,
    ...classes.flatMap((c) => {
      const p = s.byClass[c]
      return p ? [p.count, round2(p.percent), round2(p.low), round2(p.high)] : [null, null, null, null]
    }),
    s.flagged,
    s.flaggedUnreviewed,
    s.reviewed
  ])
  return { header, lines }
}

/** `scan.csv` → `scan-samples.csv`. */
export function samplesCsvPath(file: string): string {
  return file.replace(/(\.csv)?$/i, '-samples.csv')
}

export function writeSamplesCsv(
  file: string,
  samples: readonly SampleCount[],
  classes: readonly string[]
): number {
  const t = samplesTable(samples, classes)
  return writeCsvFile(file, t.header, t.lines)
}
