// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest'
import { cleanup, render, screen } from '@testing-library/react'
import { ProbabilityBars } from '../../../src/renderer/src/components/ProbabilityBars'
import {
  ConfusionMatrix,
  ClassReport,
  MetricsSummary,
  RocCurve,
  SplitSizeNote
} from '../../../src/renderer/src/components/MetricsView'
import { Notice } from '../../../src/renderer/src/components/Notice'
import type { MetricsView } from '../../../src/shared/contract'

afterEach(cleanup)

const metrics: MetricsView = {
  classes: ['ALL', 'HEM'],
  confusion: [
    [8, 2],
    [1, 9]
  ],
  perClass: [
    { name: 'ALL', precision: 8 / 9, recall: 0.8, f1: 0.842, support: 10 },
    { name: 'HEM', precision: 9 / 11, recall: 0.9, f1: 0.857, support: 10 }
  ],
  accuracy: 0.85,
  weightedF1: 0.85,
  balancedAccuracy: 0.85,
  count: 20
}

describe('ProbabilityBars', () => {
  it('lists classes highest probability first with percentages', () => {
    render(<ProbabilityBars classes={['ALL', 'HEM']} probabilities={[0.25, 0.75]} />)
    const group = screen.getByLabelText('class probabilities')
    expect(group.textContent).toMatch(/HEM75\.0%.*ALL25\.0%/)
    const bars = screen.getAllByRole('progressbar')
    expect(bars.map((b) => b.getAttribute('aria-valuenow'))).toEqual(['75', '25'])
    expect(group.textContent).not.toContain('less probable')
  })
  it('says why when the decision threshold picked the less probable class', () => {
    render(
      <ProbabilityBars classes={['ALL', 'HEM']} probabilities={[0.431, 0.569]} predicted="ALL" flagged />
    )
    expect(screen.getByLabelText('class probabilities').textContent).toContain('ALL although less probable')
  })
})

describe('metrics tables', () => {
  it('renders the confusion matrix as true rows × predicted columns', () => {
    render(<ConfusionMatrix m={metrics} />)
    const rows = screen.getAllByRole('row')
    expect(rows.map((r) => r.textContent)).toEqual(['true ↓ / predicted →ALLHEM', 'ALL82', 'HEM19'])
  })
  it('renders one row per class with recall and support', () => {
    render(<ClassReport m={metrics} />)
    expect(screen.getByText('0.800')).toBeTruthy()
    expect(screen.getAllByText('10')).toHaveLength(2)
  })
})

describe('Notice', () => {
  it('shows a failure as an error, and nothing without one', () => {
    const { container, rerender } = render(<Notice error="model.json: corrupt" />)
    expect(screen.getByRole('alert').className).toMatch(/Error/)
    rerender(<Notice error={null} />)
    expect(container.textContent).toBe('')
  })
})

describe('RocCurve', () => {
  it('draws the stored points as one line', () => {
    const { container } = render(
      <RocCurve
        m={{
          ...metrics,
          rocAuc: 0.875,
          roc: { fpr: [0, 0, 0.5, 1], tpr: [0, 0.75, 1, 1], thresholds: [1.9, 0.9, 0.4, 0.1] }
        }}
      />
    )
    expect(container.querySelector('svg')).not.toBeNull()
    expect(container.textContent).toMatch(/AUC 0\.875/)
    expect(container.querySelectorAll('path.MuiLineChart-line, .MuiLineElement-root').length).toBe(1)
    // the stored decisions' point, from the confusion matrix: ALL recall 80%, HEM called ALL 10%
    expect(container.textContent).toMatch(/operating point TPR 80% · FPR 10%/)
  })

  it('says why there is no curve: an older version (AUC only) or not two classes', () => {
    render(<RocCurve m={{ ...metrics, rocAuc: 0.9 }} />)
    expect(screen.getByText(/No ROC points stored for this version \(AUC only\)/)).toBeTruthy()
    cleanup()
    render(<RocCurve m={metrics} />)
    expect(screen.getByText(/not a two-class model/)).toBeTruthy()
  })
})

describe('SplitSizeNote', () => {
  it('warns that 20 test images are too few, with the accuracy interval; a large split only gets the interval', () => {
    render(<SplitSizeNote m={metrics} />)
    expect(screen.getByTestId('small-split').textContent).toMatch(
      /too small to trust.*85\.0% on 20 images.*between 64\.0% and 94\.8%/
    )
    cleanup()
    render(<SplitSizeNote m={{ ...metrics, count: 5000 }} />)
    expect(screen.queryByTestId('small-split')).toBeNull()
    expect(screen.getByText(/between 84\.0% and 86\.0%/)).toBeTruthy()
  })
})

describe('MetricsSummary', () => {
  it('shows each stored interval and what it rests on; without one, Wilson over images, said so', () => {
    render(
      <MetricsSummary
        m={{
          ...metrics,
          intervals: {
            accuracy: [0.7, 0.95],
            balancedAccuracy: [0.69, 0.96],
            recall: { ALL: [0.6, 1], HEM: [0.7, 1] }
          },
          uncertainty: {
            method:
              'cluster bootstrap over blocks of neighbouring files (up to 20 per block, 2000 resamples)',
            clusterBy: 'block',
            clusters: { ALL: 1, HEM: 1 },
            caveats: ['HEM figures rest on 10 images (fewer than 50): read them as rough']
          }
        }}
      />
    )
    const shown = screen.getAllByTestId('metric-interval').map((e) => e.textContent)
    expect(shown).toEqual(['95% CI 70.0%–95.0%', '95% CI 69.0%–96.0%'])
    expect(screen.getByTestId('metric-caveat').textContent).toMatch(/HEM figures rest on 10 images/)
    cleanup()
    // A version stored before intervals (the Home screen's 14-image case): Wilson, said to treat images as independent.
    render(<MetricsSummary m={{ ...metrics, accuracy: 13 / 14, count: 14 }} />)
    expect(screen.getByTestId('metric-interval').textContent).toBe(
      '95% CI 68.5%–98.7% (images as independent)'
    )
  })
})
