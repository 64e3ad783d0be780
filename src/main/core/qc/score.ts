/**
 * One control run scored: the model's class for each reference image of the set against the expected one.
 * Accuracy and the blast percentage rest on the images the scan classified; those it could not read (or that
 * are gone) are counted apart, never as right or wrong.
 */
import { relative, sep } from 'node:path'
import { wilsonInterval } from '../cells/sample-counts'
import type { QcShare } from '../../../shared/types/qc'
import type { ControlItem } from './control-set'

export interface QcScore {
  scored: number
  correct: number
  blasts: number
  missing: number
}

export function scoreControlRun(
  items: readonly ControlItem[],
  predictions: readonly { path: string; predicted: string }[],
  folder: string,
  blastClass: string
): QcScore {
  const byPath = new Map(predictions.map((p) => [relative(folder, p.path).split(sep).join('/'), p.predicted]))
  let scored = 0
  let correct = 0
  let blasts = 0
  for (const it of items) {
    const predicted = byPath.get(it.path)
    if (predicted === undefined) continue
    scored++
    if (predicted === it.expected) correct++
    if (predicted === blastClass) blasts++
  }
  return { scored, correct, blasts, missing: items.length - scored }
}

export function share(count: number, of: number): QcShare {
  const ci = wilsonInterval(count, of)
  return { count, of, percent: of ? (100 * count) / of : NaN, low: 100 * ci.low, high: 100 * ci.high }
}
