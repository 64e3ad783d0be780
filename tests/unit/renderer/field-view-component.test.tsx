// @vitest-environment jsdom
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { cleanup, fireEvent, render, screen } from '@testing-library/react'
import type { FieldView as Field } from '../../../src/shared/types/scan'
import { predictionRow } from './prediction-row'

/** The area the field view gets: 960×720, so a 640×480 field is shown at 1.5×. */
class AreaObserver {
  constructor(private readonly cb: () => void) {}
  observe(el: HTMLElement) {
    Object.defineProperty(el, 'clientWidth', { value: 960 })
    Object.defineProperty(el, 'clientHeight', { value: 720 })
    this.cb()
  }
  disconnect() {}
}

let FieldView: typeof import('../../../src/renderer/src/components/FieldView').FieldView
beforeAll(async () => {
  vi.stubGlobal('ResizeObserver', AreaObserver)
  // The page's contract API: only image URLs are asked for here.
  vi.stubGlobal('leukolens', { imageUrl: (p: string, s?: number) => `img:${p}${s ? `@${s}` : ''}` })
  ;({ FieldView } = await import('../../../src/renderer/src/components/FieldView'))
})
afterEach(cleanup)

const FIELD: Field = {
  path: '/smear/BloodImage_00010.jpg',
  width: 640,
  height: 480,
  cells: [
    { cell: 1, x: 100, y: 50, width: 80, height: 60, score: 1, cropPath: '/c/1.png' },
    { cell: 2, x: 300, y: 0, width: 90, height: 90, score: 1, cropPath: '/c/2.png' }
  ]
}
const ROWS = new Map([
  ['/c/1.png', predictionRow('/c/1.png', 'ALL', 0.91, { ood: false })],
  ['/c/2.png', predictionRow('/c/2.png', 'HEM', 0.55, { ood: true })]
])

describe('FieldView', () => {
  it("places each box at its field pixels times the fit scale, coloured and marked by the cell's answer", () => {
    render(<FieldView fields={[FIELD]} rows={ROWS} currentPath="/c/1.png" onPick={() => {}} />)
    // The larger box is laid down first, so a smaller one overlapping it stays on top (clickable).
    const [big, small] = screen.getAllByTestId('field-box')
    expect([big, small].map((b) => [b.style.left, b.style.top, b.style.width, b.style.height])).toEqual([
      ['450px', '0px', '135px', '135px'],
      ['150px', '75px', '120px', '90px']
    ])
    expect([big, small].map((b) => b.getAttribute('data-class'))).toEqual(['HEM', 'ALL'])
    expect(small.getAttribute('aria-pressed')).toBe('true')
    expect(big.getAttribute('aria-label')).toBe('cell 2: HEM 55% · unfamiliar · flagged (pending)')
    expect(big.getAttribute('data-flagged')).toBe('true')
    // the picture is the field itself, at full resolution (640×480 needs no thumbnail)
    expect(screen.getByAltText('field BloodImage_00010.jpg').getAttribute('src')).toBe(
      'img:/smear/BloodImage_00010.jpg'
    )
    expect(screen.getByTestId('field-name').textContent).toBe('Field 1 of 1: BloodImage_00010.jpg')
  })

  it('opens the clicked cell for review', () => {
    const onPick = vi.fn()
    render(<FieldView fields={[FIELD]} rows={ROWS} currentPath={null} onPick={onPick} />)
    fireEvent.click(screen.getByRole('button', { name: /^cell 2:/ }))
    expect(onPick).toHaveBeenCalledWith('/c/2.png')
  })

  it('follows the cell under review to its field, and pages with the buttons', () => {
    const other: Field = {
      ...FIELD,
      path: '/smear/f2.jpg',
      cells: [{ ...FIELD.cells[0], cropPath: '/c/3.png' }]
    }
    const { rerender } = render(
      <FieldView fields={[FIELD, other]} rows={ROWS} currentPath="/c/3.png" onPick={() => {}} />
    )
    expect(screen.getByTestId('field-name').textContent).toBe('Field 2 of 2: f2.jpg')
    fireEvent.click(screen.getByRole('button', { name: 'Previous field' }))
    expect(screen.getByTestId('field-name').textContent).toMatch(/^Field 1 of 2/)
    rerender(<FieldView fields={[FIELD, other]} rows={ROWS} currentPath="/c/1.png" onPick={() => {}} />)
    expect(screen.getByTestId('field-name').textContent).toMatch(/^Field 1 of 2/)
    rerender(<FieldView fields={[FIELD, other]} rows={ROWS} currentPath="/c/3.png" onPick={() => {}} />)
    expect(screen.getByTestId('field-name').textContent).toMatch(/^Field 2 of 2/)
  })
})
