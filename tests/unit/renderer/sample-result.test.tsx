// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest'
import { cleanup, render, screen } from '@testing-library/react'
import { SampleCounts } from '../../../src/renderer/src/components/SampleCounts'
import { ScanResultLine } from '../../../src/renderer/src/components/ScanResultLine'
import { ReportDialog } from '../../../src/renderer/src/components/ReportDialog'
import { countSample } from '../../../src/main/core/cells/sample-counts'
import { signOffGate } from '../../../src/main/core/samples/sign-off-gate'

afterEach(cleanup)

/** 20 cells: `odd` unlike the training data, then 9 ALL, the rest HEM; the unfamiliar ones flagged, unreviewed. */
const sample = (odd: number) =>
  countSample(
    'S-1',
    Array.from({ length: 20 }, (_, i) => ({
      fieldPath: '/s/f.jpg',
      predicted: i < odd + 9 ? 'ALL' : 'HEM',
      flagged: i < odd,
      reviewed: false,
      unfamiliar: i < odd
    })),
    ['ALL', 'HEM'],
    3
  )

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
    expect(text).toMatch(/ALL 9 \(50\.0%, 95% CI/)
    expect(text).toContain('2 unfamiliar counted apart')
  })

  it('the scan result line warns when withheld', () => {
    const s = sample(3)
    render(<ScanResultLine view={{ scanId: 1, result: s, signOff: signOffGate([s]) }} unit="image" />)
    expect(screen.getByTestId('scan-result').textContent).toMatch(
      /^No result: 3 of 20 cells are unlike this model's training data: no class percentages/
    )
  })

  it('the report dialog says why sign-off is not possible', () => {
    const s = sample(3)
    render(
      <ReportDialog
        open
        defaults={{ sampleId: 'S-1', operator: 'Op' }}
        signOff={signOffGate([s])}
        onCancel={() => undefined}
        onSave={() => undefined}
      />
    )
    expect(screen.getByTestId('sign-off-refused').textContent).toContain(
      "Sign-off not possible: No result: 3 of 20 cells are unlike this model's training data; 3 of 3 flagged cells are not reviewed yet."
    )
  })
})
