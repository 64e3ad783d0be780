// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest'
import { cleanup, render, screen } from '@testing-library/react'
import { SampleCounts } from '../../../src/renderer/src/components/SampleCounts'
import { ScanResultLine } from '../../../src/renderer/src/components/ScanResultLine'
import { ReportDialog } from '../../../src/renderer/src/components/ReportDialog'
import type { SampleCount, SignOffState } from '../../../src/shared/types/scan'

afterEach(cleanup)

/** 20 cells of one sample: `odd` unlike the training data (flagged, unreviewed), 9 of the others ALL. */
const sample = (odd: number): SampleCount => {
  const counted = 20 - odd
  return {
    sample: 'S-1',
    fields: 3,
    cells: 20,
    unfamiliar: odd,
    counted,
    byClass:
      odd > 2
        ? {}
        : {
            ALL: { count: 9, percent: (900 / counted) | 0, low: 30, high: 70 },
            HEM: { count: counted - 9, percent: 100 - ((900 / counted) | 0), low: 30, high: 70 }
          },
    flagged: odd,
    reviewed: 0,
    flaggedUnreviewed: odd,
    withheld: odd > 2,
    ...(odd > 2 ? { reason: `No result: ${odd} of 20 cells are unlike this model's training data` } : {})
  }
}
const refused: SignOffState = {
  possible: false,
  reasons: [
    "No result: 3 of 20 cells are unlike this model's training data",
    '3 of 3 flagged cells are not reviewed yet'
  ]
}

describe('sample results in the window', () => {
  it('a withheld sample shows the reason and no percentage', () => {
    render(<SampleCounts samples={[sample(3)]} />)
    const text = screen.getByTestId('sample-counts').textContent!
    expect(text).toContain("No result: 3 of 20 cells are unlike this model's training data")
    expect(text).not.toMatch(/%/)
  })

  it('a sample with a result shows percentages of the familiar cells and the unfamiliar ones apart', () => {
    render(<SampleCounts samples={[sample(2)]} />)
    const text = screen.getByTestId('sample-counts').textContent!
    expect(text).toMatch(/ALL 9 \(50\.0%, 95% CI 30\.0–70\.0%\)/)
    expect(text).toContain('2 unfamiliar counted apart')
  })

  it('the scan result line warns when withheld', () => {
    const s = sample(3)
    render(<ScanResultLine view={{ scanId: 1, result: s, signOff: refused }} unit="image" />)
    expect(screen.getByTestId('scan-result').textContent).toMatch(
      /^No result: 3 of 20 cells are unlike this model's training data: no class percentages/
    )
  })

  it('the scan result line says when the batch looks different from the training data', () => {
    const s = sample(0)
    const message =
      'this batch looks different from the training data: 20 of 400 unfamiliar (5.0%; validation 1.1%, p < 0.0001)'
    render(
      <ScanResultLine
        view={{ scanId: 1, result: s, signOff: refused, drift: { different: true, checks: [], message } }}
        unit="image"
      />
    )
    expect(screen.getByTestId('scan-drift').textContent).toBe(`${message.replace(/^this/, 'This')}.`)
  })

  it('the report dialog says why sign-off is not possible', () => {
    render(
      <ReportDialog
        open
        defaults={{ sampleId: 'S-1', operator: 'Op' }}
        signOff={refused}
        onCancel={() => undefined}
        onSave={() => undefined}
      />
    )
    expect(screen.getByTestId('sign-off-refused').textContent).toContain(
      "Sign-off not possible: No result: 3 of 20 cells are unlike this model's training data; 3 of 3 flagged cells are not reviewed yet."
    )
  })
})
