// @vitest-environment jsdom
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import type { ScreenProps } from '../../../src/renderer/src/screens'

const calls: { name: string; arg: unknown }[] = []
const STUDY = {
  blastClass: 'ALL',
  agreement: null,
  sampleReference: 'manual counts',
  samples: [],
  methods: { withheld: '0 sample(s): Bland–Altman and Passing–Bablok need at least 3 samples' },
  header: {
    scanId: 3,
    folder: '/s',
    modelId: 'm',
    referenceSource: 'manual counts /c.csv',
    classified: 5,
    withoutReference: 5,
    generatedAt: 'now'
  }
}

let Validation: (p: ScreenProps) => React.JSX.Element
beforeAll(async () => {
  vi.stubGlobal('leukolens', {
    call: async (name: string, arg: unknown) => {
      calls.push({ name, arg })
      if (name === 'scans:list') return [{ id: 3, folder: '/s', kind: 'scan' }]
      if (name === 'validation:study') return STUDY
      throw new Error(`unexpected ${name}`)
    },
    on: () => () => {},
    imageUrl: (p: string) => p,
    pathForFile: () => ''
  })
  ;({ Validation } = await import('../../../src/renderer/src/screens/Validation'))
})
afterEach(cleanup)

describe('Validation screen', () => {
  it('compares a scan with manual counts, then offers the report', async () => {
    render(<Validation navigate={() => {}} dropped={[]} onThemeChange={() => {}} />)
    fireEvent.mouseDown(await screen.findByRole('combobox', { name: 'Scan' }))
    fireEvent.click(within(await screen.findByRole('listbox')).getByText('#3 /s'))
    fireEvent.change(screen.getByLabelText('Manual counts per sample (CSV)'), { target: { value: '/c.csv' } })
    const save = screen.getByRole('button', { name: 'Save report' })
    expect(save).toHaveProperty('disabled', true)
    fireEvent.click(screen.getByRole('button', { name: 'Compare' }))
    await screen.findByLabelText('validation study')
    expect(calls.find((c) => c.name === 'validation:study')?.arg).toEqual({ scanId: 3, counts: '/c.csv' })
    await waitFor(() =>
      expect(screen.getByRole('button', { name: 'Save report' })).toHaveProperty('disabled', false)
    )
  })
})
