/** Plain-text rendering of calibration and trust figures for the terminal (`models show`, `evaluate`, `train`). */
import type { Calibration, ModelTrust } from '../../../shared/types/trust'
import type { TrustOnSet } from './on-set'

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`

/** ECE and the non-empty reliability bins as a small table with a bar per bin's accuracy. */
export function formatReliability(c: Calibration, title: string): string {
  const lines = [
    `${title}: expected calibration error ${c.ece.toFixed(3)} (15 bins)`,
    '  confidence   images  mean conf.  accuracy'
  ]
  for (const b of c.bins) {
    if (!b.count) continue
    const bar = '#'.repeat(Math.round((b.accuracy ?? 0) * 20))
    lines.push(
      `  ${b.lo.toFixed(2)}–${b.hi.toFixed(2)}  ${String(b.count).padStart(7)}  ${b.confidence!.toFixed(3).padStart(10)}  ${b.accuracy!.toFixed(3).padStart(8)}  ${bar}`
    )
  }
  return lines.join('\n')
}

/** The flag rule in words, with the band of p(positive class) it covers around the decision threshold. */
export function flagRuleText(threshold: number, band?: { low: number; high: number }): string {
  return `confidence < ${threshold.toFixed(3)}${band ? ` (p(positive class) ${band.low.toFixed(3)}–${band.high.toFixed(3)}, around the decision threshold)` : ''}`
}

export function formatTrust(t: ModelTrust): string {
  const lines = [
    `calibration: temperature ${t.temperature.toFixed(3)}; validation ECE ${t.calibration.before.toFixed(3)} → ${t.calibration.ece.toFixed(3)}` +
      (t.testCalibration ? `; test ECE ${t.testCalibration.ece.toFixed(3)}` : ''),
    `review flag: ${flagRuleText(t.flag.threshold, t.flag.band)} or unfamiliar — on validation catches ${pct(t.flag.errorsFlagged)} of errors ` +
      `(target ${pct(t.flag.target)}${t.flag.rule === 'expected' ? ' of the expected errors' : ''}), flags ${pct(t.flag.workload)} of images` +
      (t.testFlag
        ? `; on test ${pct(t.testFlag.errorsFlagged)} of errors, ${pct(t.testFlag.workload)} of images`
        : ''),
    `unfamiliar images: ${t.ood.method === 'mahalanobis' ? 'Mahalanobis distance (class Gaussians, Ledoit–Wolf)' : 'k-th nearest training feature'} ` +
      `> ${t.ood.threshold.toFixed(3)} (${(t.ood.quantile * 100).toFixed(0)}th percentile of validation); ` +
      `validation ${pct(t.ood.valUnfamiliar)}${t.ood.testUnfamiliar !== null ? `, test ${pct(t.ood.testUnfamiliar)}` : ''}; ` +
      `image checks: ${t.images.formats.join('/')} ${t.images.width.min}–${t.images.width.max}×${t.images.height.min}–${t.images.height.max} px` +
      (t.images.colour
        ? `; colours near mean R,G,B ${t.images.colour.mean
            .slice(0, 3)
            .map((v) => Math.round(v))
            .join(',')} (distance ≤ ${t.images.colour.threshold.toFixed(1)})`
        : '; no colour reference (too few readable images)'),
    formatReliability(
      t.testCalibration ?? t.calibration,
      t.testCalibration ? 'test reliability' : 'validation reliability'
    )
  ]
  return lines.join('\n')
}

/** `evaluate`'s trust lines: unfamiliar share, the review flag's catch and workload, the reliability table. */
export function formatTrustOnSet(t: TrustOnSet | null, split: string): string {
  if (!t)
    return '  (this version has no calibration or unfamiliar-image profile: trained before it, or imported)'
  return [
    `  unfamiliar ${pct(t.unfamiliar)} of images${t.unfamiliarByImage ? ` (${pct(t.unfamiliarByImage)} by the image checks alone)` : ''}; review flag (${flagRuleText(t.flagThreshold)} or unfamiliar) ` +
      `catches ${pct(t.errorsFlagged)} of errors, flags ${pct(t.flagged)} of images`,
    formatReliability(t.calibration, `${split} reliability (calibrated)`)
  ].join('\n')
}
