// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest'
import { cleanup, render, screen } from '@testing-library/react'
import { ValidationResult } from '../../../src/renderer/src/components/ValidationResult'
import type { ValidationStudyView } from '../../../src/shared/types/validation'

afterEach(cleanup)

const header = {
  scanId: 4,
  folder: '/slides',
  modelId: 'm-1',
  referenceSource: 'reference CSV /r.csv',
  classified: 6,
  withoutReference: 0,
  generatedAt: '2026-12-06T10:00:00Z'
}

describe('ValidationResult', () => {
  it('shows agreement, kappa and each per-sample share with its count, and says why a comparison is withheld', () => {
    const rate = (k: number, n: number, low: number, high: number) => ({ k, n, value: k / n, low, high })
    // 4 cells: ALL/ALL, HEM/HEM in sample a; HEM called ALL and HEM/HEM in sample b
    const s: ValidationStudyView = {
      blastClass: 'ALL',
      agreement: {
        cells: 4,
        classes: ['ALL', 'HEM'],
        table: [
          [1, 0],
          [1, 2]
        ],
        overall: rate(3, 4, 0.3006, 0.9544),
        perClass: [
          { cls: 'ALL', agreed: rate(1, 1, 0.2065, 1), calledByModel: 2 },
          { cls: 'HEM', agreed: rate(2, 3, 0.2077, 0.9385), calledByModel: 2 }
        ],
        kappa: {
          kappa: 0.5,
          observed: 0.75,
          expected: 0.5,
          se: 0.4,
          seNull: 0.5,
          z: 1,
          n: 4,
          low: 0,
          high: 1
        },
        blasts: {
          positive: 'ALL',
          truePositive: 1,
          falseNegative: 0,
          trueNegative: 2,
          falsePositive: 1,
          sensitivity: rate(1, 1, 0.2065, 1),
          specificity: rate(2, 3, 0.2077, 0.9385)
        }
      },
      sampleReference: 'cells',
      samples: [
        { sample: 'a', cells: 2, test: rate(1, 2, 0.0945, 0.9055), reference: rate(1, 2, 0.0945, 0.9055) },
        { sample: 'b', cells: 2, test: rate(1, 2, 0.0945, 0.9055), reference: rate(0, 2, 0, 0.6576) }
      ],
      methods: { withheld: '2 sample(s): Bland–Altman and Passing–Bablok need at least 3 samples' },
      header
    }
    render(<ValidationResult s={s} />)
    const box = screen.getByLabelText('validation study')
    expect(box.textContent).toContain('Agreement 75.0% (3/4, 95% CI 30.1–95.4%)')
    expect(box.textContent).toContain("Cohen's kappa 0.500")
    expect(screen.getByLabelText('per-sample comparison').textContent).toContain('50.0% (1/2')
    expect(box.textContent).toContain(
      'Method comparison withheld: 2 sample(s): Bland–Altman and Passing–Bablok need at least 3 samples'
    )
  })

  it('draws the method comparison, an open Passing–Bablok limit (null after JSON) reading as —', () => {
    const rate = (k: number, n: number) => ({ k, n, value: k / n, low: 0, high: 1 })
    const iv = (low: number, high: number) => ({ low, high })
    const s = JSON.parse(
      JSON.stringify({
        blastClass: 'ALL',
        agreement: null,
        sampleReference: 'manual counts',
        samples: [
          { sample: 'a', cells: 4, test: rate(1, 4), reference: rate(20, 100) },
          { sample: 'b', cells: 4, test: rate(2, 4), reference: rate(45, 100) },
          { sample: 'c', cells: 4, test: rate(4, 4), reference: rate(90, 100) }
        ],
        methods: {
          blandAltman: {
            n: 3,
            bias: 3.33,
            sd: 4.9,
            biasCi: iv(-8.8, 15.5),
            lower: -6.3,
            upper: 12.9,
            lowerCi: iv(-27, 14),
            upperCi: iv(-8, 33),
            k: 1.96
          },
          passingBablok: {
            n: 3,
            slopes: 3,
            shift: 0,
            slope: 1.07,
            intercept: 3,
            slopeCi: iv(1, Infinity),
            interceptCi: iv(-Infinity, 5)
          }
        },
        header
      })
    ) as ValidationStudyView
    render(<ValidationResult s={s} />)
    const box = screen.getByLabelText('validation study')
    expect(box.textContent).toContain('slope 1.070 (95% CI 1.000 to —)')
    expect(box.textContent).toContain('bias 3.33 points')
    expect(screen.getByLabelText('Bland–Altman plot')).toBeTruthy()
  })
})
