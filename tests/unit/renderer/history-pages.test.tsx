// @vitest-environment jsdom
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react'
import type { ScreenProps } from '../../../src/renderer/src/screens'
import type { PredictionFilter, PredictionPage } from '../../../src/shared/contract'
import { lastPage, pageRequest, pagerLabel } from '../../../src/renderer/src/logic/history-pages'
import { predictionRow } from './prediction-row'

describe('History paging by cursor', () => {
  it('asks for a page after the nearest page start it knows, skipping only the pages between', () => {
    const starts = new Map([
      [1, 'c1'],
      [4, 'c4']
    ])
    expect(pageRequest(starts, 0, 50)).toEqual({ offset: 0 })
    expect(pageRequest(starts, 1, 50)).toEqual({ after: 'c1', offset: 0 })
    expect(pageRequest(starts, 3, 50)).toEqual({ after: 'c1', offset: 100 })
    expect(pageRequest(starts, 6, 50)).toEqual({ after: 'c4', offset: 100 })
    expect(pageRequest(new Map(), 9, 50)).toEqual({ offset: 450 })
    expect(lastPage(101, 50)).toBe(2)
    expect(lastPage(0, 50)).toBe(0)
  })

  it('says "more than" when the count stopped short, and the exact number otherwise', () => {
    expect(pagerLabel(1, 50, 1000, false)).toBe('1–50 of more than 1,000')
    expect(pagerLabel(2951, 2950, 2950, true)).toBe('0 of 2,950')
    expect(pagerLabel(51, 100, 2950, true)).toBe('51–100 of 2,950')
  })
})

const calls: PredictionFilter[] = []
const fifty = Array.from({ length: 50 }, (_, i) => predictionRow(`/s/cell-${i}.bmp`, 'ALL', 0.9))
/** The engine's answer: 50 rows, the count stopped at 1,000 (exact when every row is counted), a cursor. */
function answer(f: PredictionFilter): PredictionPage {
  const at = f.after ? Number(f.after.slice(1)) : 0
  const start = at + (f.offset ?? 0)
  if (f.countAll) return { rows: fifty.slice(0, 1), total: 104_750, totalExact: true, next: 'c1' }
  return { rows: fifty, total: 1000, totalExact: false, next: `c${start + 50}` }
}

let History: (p: ScreenProps) => React.JSX.Element
beforeAll(async () => {
  vi.stubGlobal('leukolens', {
    call: async (name: string, arg: PredictionFilter) => {
      if (name === 'models:list') return []
      if (name !== 'predictions:query') throw new Error(`unexpected ${name}`)
      calls.push(arg)
      return answer(arg)
    },
    on: () => () => {},
    imageUrl: (p: string) => p,
    pathForFile: () => ''
  })
  ;({ History } = await import('../../../src/renderer/src/screens/History'))
})
afterEach(cleanup)

describe('History screen pager', () => {
  it('pages by cursor: next, previous and a jump, and counts every row when asked', async () => {
    render(<History navigate={() => {}} dropped={[]} onThemeChange={() => {}} />)
    await screen.findByText('1–50 of more than 1,000')
    expect(calls.at(-1)).toMatchObject({ sort: 'newest', offset: 0, limit: 50 })
    expect(calls.at(-1)?.after).toBeUndefined()
    // The last page is unknown while the count stopped short.
    expect(screen.queryByRole('button', { name: 'Go to last page' })).toBeNull()

    fireEvent.click(screen.getByRole('button', { name: 'Go to next page' }))
    await screen.findByText('51–100 of more than 1,000')
    expect(calls.at(-1)).toMatchObject({ after: 'c50', offset: 0 })

    fireEvent.click(screen.getByRole('button', { name: 'Go to previous page' }))
    await screen.findByText('1–50 of more than 1,000')
    expect(calls.at(-1)?.after).toBeUndefined()

    // Page 5 starts 100 rows after the start of page 3, the furthest page whose start is known (page 2's cursor).
    fireEvent.change(screen.getByLabelText('Go to page'), { target: { value: '5' } })
    fireEvent.keyDown(screen.getByLabelText('Go to page'), { key: 'Enter' })
    await screen.findByText('201–250 of more than 1,000')
    expect(calls.at(-1)).toMatchObject({ after: 'c100', offset: 100 })

    fireEvent.click(screen.getByRole('button', { name: 'Count all' }))
    await screen.findByText('201–250 of 104,750')
    expect(calls.some((c) => c.countAll)).toBe(true)
    await waitFor(() => expect(screen.getByRole('button', { name: 'Go to last page' })).toBeTruthy())
    expect(screen.queryByRole('button', { name: 'Count all' })).toBeNull()
  })
})
