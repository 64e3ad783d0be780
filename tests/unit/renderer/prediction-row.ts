import type { PredictionView } from '../../../src/shared/contract'

/**
 * A row of a two-class (ALL, HEM) scan as the review screen gets it, for renderer tests: flagged below 0.8
 * unless said, reviewed when a label is given.
 */
export function predictionRow(
  path: string,
  predicted: string,
  confidence: number,
  o: { review?: string | null; flagged?: boolean; ood?: boolean } = {}
): PredictionView {
  const p = predicted === 'ALL' ? confidence : 1 - confidence
  return {
    scanId: 1,
    path,
    sha256: path.padEnd(64, '0'),
    prediction: {
      id: 1,
      sha256: path.padEnd(64, '0'),
      modelId: 'm',
      classes: ['ALL', 'HEM'],
      probabilities: [p, 1 - p],
      predicted,
      confidence,
      flagged: o.flagged ?? confidence < 0.8,
      ...(o.ood === undefined ? {} : { ood: o.ood }),
      tta: false,
      backend: 'wasm',
      scannedAt: '2026-11-30T00:00:00Z'
    },
    review: o.review
      ? { label: o.review, reviewer: 'Ana', note: null, reviewedAt: '2026-11-30T01:00:00Z' }
      : null
  }
}
