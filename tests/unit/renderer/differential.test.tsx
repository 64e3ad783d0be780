// @vitest-environment jsdom
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react'
import type { DifferentialView } from '../../../src/shared/types/differential'
import { differentialClasses } from '../../../src/shared/differential'
import { reviewAction } from '../../../src/renderer/src/logic/review-keys'

const calls: { name: string; arg: unknown }[] = []
let refuse = true

const VIEW: DifferentialView = {
  scanId: 3,
  sample: 'p1',
  modelId: 'm-1',
  target: 100,
  counted: 37,
  classes: [
    { name: 'ALL', count: 12, percent: 32.43, low: 19.6, high: 48.5 },
    { name: 'HEM', count: 24, percent: 64.86, low: 48.8, high: 78.2 },
    { name: 'unidentified', count: 1, percent: 2.7, low: 0.48, high: 13.8 }
  ],
  keys: [
    { key: '1', label: 'ALL' },
    { key: '2', label: 'HEM' },
    { key: '3', label: 'unidentified' }
  ],
  cells: 120,
  unfamiliar: 2,
  flagged: 5,
  flaggedUnreviewed: 0,
  signOff: {
    possible: false,
    reasons: ['37 of 100 cells counted: count 63 more, or state why the count stops short']
  },
  signed: null,
  changedSinceSigned: false
}

let DifferentialBar: typeof import('../../../src/renderer/src/components/DifferentialBar').DifferentialBar
let SignOffDialog: typeof import('../../../src/renderer/src/components/SignOffDialog').SignOffDialog
beforeAll(async () => {
  vi.stubGlobal('leukolens', {
    call: async (name: string, arg: unknown) => {
      calls.push({ name, arg })
      if (name !== 'sample:sign') throw new Error(`unexpected ${name}`)
      if (refuse)
        throw Object.assign(new Error('Sample p1 of scan 3 cannot be signed: 37 of 100 cells counted.'), {
          name: 'SignOffRefused'
        })
      return { id: 1, sample: 'p1', status: 'final', replaces: null }
    },
    on: () => () => {},
    imageUrl: (p: string) => p,
    pathForFile: () => ''
  })
  ;({ DifferentialBar } = await import('../../../src/renderer/src/components/DifferentialBar'))
  ;({ SignOffDialog } = await import('../../../src/renderer/src/components/SignOffDialog'))
})
afterEach(cleanup)

describe('the counted differential on the review screen', () => {
  it('number keys give the model classes and the last key unidentified', () => {
    const classes = differentialClasses(['ALL', 'HEM'])
    expect(reviewAction({ key: '1' }, classes)).toEqual({ kind: 'relabel', label: 'ALL' })
    expect(reviewAction({ key: '3' }, classes)).toEqual({ kind: 'relabel', label: 'unidentified' })
    expect(reviewAction({ key: '4' }, classes)).toBeNull()
  })

  it('shows the count against the target, a counter per class with its share and interval, and the key map', () => {
    const onSign = vi.fn()
    const onAssign = vi.fn()
    render(
      <DifferentialBar samples={[VIEW]} sample="p1" onSample={() => {}} onAssign={onAssign} onSign={onSign} />
    )
    expect(screen.getByTestId('differential-count').textContent).toBe(
      'Counted 37 of 100 (63 to go) · sample p1'
    )
    // the key map: each counter starts with its number key
    expect(screen.getByTestId('counter-ALL').textContent).toBe('1ALL 1232.4% [19.6–48.5]')
    expect(screen.getByTestId('counter-unidentified').textContent).toBe('3unidentified 12.7% [0.5–13.8]')
    expect(screen.getByLabelText('ALL 12 of the target 100')).toBeTruthy()
    // a click on a counter classes the current cell, as its key does
    fireEvent.click(screen.getByRole('button', { name: 'class the current cell unidentified (key 3)' }))
    expect(onAssign).toHaveBeenCalledWith('unidentified')
    fireEvent.click(screen.getByRole('button', { name: 'Sign…' }))
    expect(onSign).toHaveBeenCalled()
  })

  it('the sign-off dialog says why signing is refused, shows the refusal, and signs short with a reason', async () => {
    const onSigned = vi.fn()
    render(<SignOffDialog view={VIEW} onClose={() => {}} onSigned={onSigned} />)
    expect(screen.getByTestId('sign-off-reasons').textContent).toContain(
      'Signing is refused while: 37 of 100 cells counted: count 63 more, or state why the count stops short.'
    )
    fireEvent.click(screen.getByRole('button', { name: 'Sign as final' }))
    await waitFor(() =>
      expect(screen.getByTestId('sign-off-error').textContent).toContain('cannot be signed')
    )
    expect(onSigned).not.toHaveBeenCalled()
    refuse = false
    fireEvent.change(screen.getByLabelText('Why the count stops short of the target'), {
      target: { value: 'too few cells' }
    })
    fireEvent.click(screen.getByRole('button', { name: 'Sign as final' }))
    await waitFor(() => expect(onSigned).toHaveBeenCalled())
    expect(calls.at(-1)).toEqual({
      name: 'sample:sign',
      arg: { scanId: 3, sample: 'p1', reason: 'too few cells' }
    })
  })
})
