// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest'
import { cleanup, fireEvent, render, screen } from '@testing-library/react'
import { QcRunsTable } from '../../../src/renderer/src/components/QcRunsTable'
import { QcTargets } from '../../../src/renderer/src/components/QcTargets'
import type { QcRunView } from '../../../src/shared/types/qc'
import { qcSetView } from './qc-view'

afterEach(cleanup)

const run = (id: number, over: Partial<QcRunView> = {}): QcRunView => ({
  id,
  setName: 'daily',
  scanId: 10 + id,
  modelId: 'm-1',
  at: '2026-12-01T08:00:00.000Z',
  scored: 10,
  missing: 0,
  accuracy: { count: 9, of: 10, percent: 90, low: 59.6, high: 98.2 },
  blasts: { count: 4, of: 10, percent: 40, low: 16.8, high: 68.7 },
  accuracyZ: -1.5,
  blastZ: 0,
  rules: [],
  reject: false,
  ack: null,
  ...over
})

describe('QcRunsTable', () => {
  it('shows each share with its count and interval, and acknowledges a rejected run only with a note', () => {
    const onAck = vi.fn()
    render(
      <QcRunsTable
        runs={[
          run(1),
          run(2, { reject: true, rules: ['accuracy 1-3s'] }),
          run(3, {
            reject: true,
            rules: ['blast 2-2s'],
            ack: { person: 'anna', note: 'lamp', at: '2026-12-02T09:00:00Z', auditEntry: 7 }
          })
        ]}
        onAck={onAck}
      />
    )
    const table = screen.getByLabelText('QC runs')
    expect(table.textContent).toContain('90.0% (9/10, 95% CI 59.6–98.2%) z -1.50')
    expect(table.textContent).toContain('REJECT (accuracy 1-3s)')
    expect(table.textContent).toContain('anna')
    const button = screen.getByRole('button', { name: 'Acknowledge' })
    expect(button).toHaveProperty('disabled', true)
    fireEvent.change(screen.getByLabelText('What was found and done'), { target: { value: 'reagent lot' } })
    fireEvent.click(button)
    expect(onAck).toHaveBeenCalledWith(2, 'reagent lot')
  })
})

describe('QcTargets', () => {
  it('takes a target as MEAN,SD and refuses anything else', () => {
    const onSet = vi.fn()
    const set = qcSetView([run(1), run(2)])
    render(<QcTargets set={set} onSet={onSet} />)
    expect(screen.getByText(/Targets: accuracy not set; ALL 40.0% ± 15.49 SD/)).toBeTruthy()
    const button = screen.getByRole('button', { name: 'Set targets' })
    fireEvent.change(screen.getByLabelText('Accuracy MEAN,SD'), { target: { value: '95' } })
    expect(button).toHaveProperty('disabled', true)
    fireEvent.change(screen.getByLabelText('Accuracy MEAN,SD'), { target: { value: '95, 2.5' } })
    fireEvent.click(button)
    expect(onSet).toHaveBeenCalledWith({ accuracy: { mean: 95, sd: 2.5 }, blast: undefined })
    fireEvent.click(screen.getByRole('button', { name: 'From the runs so far (2)' }))
    expect(onSet).toHaveBeenLastCalledWith({ fromRuns: 2 })
  })
})
