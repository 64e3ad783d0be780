// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest'
import { cleanup, render, screen } from '@testing-library/react'
import { LeftOutNote } from '../../../src/renderer/src/components/LeftOutNote'

afterEach(cleanup)

describe('LeftOutNote (training result)', () => {
  it('names the test images left out of the metrics, and counts the others', () => {
    render(<LeftOutNote leftOut={{ train: 2, val: 0, test: 2, testPaths: ['HEM/a.bmp', 'ALL/b.bmp'] }} />)
    expect(screen.getByTestId('left-out').textContent).toBe(
      '2 test image(s) have no stored features (unreadable at extraction) and are not in these metrics:' +
        'HEM/a.bmpALL/b.bmpLeft out of training for the same reason: 2 training image(s).'
    )
  })

  it('lists the first 20 test images and says how many more', () => {
    const testPaths = Array.from({ length: 23 }, (_, i) => `x/${i}.png`)
    render(<LeftOutNote leftOut={{ train: 0, val: 0, test: 23, testPaths }} />)
    const text = screen.getByTestId('left-out').textContent
    expect(text).toContain('x/19.png')
    expect(text).not.toContain('x/20.png')
    expect(text).toMatch(/… and 3 more$/)
  })

  it('shows nothing when no image was left out', () => {
    const { container } = render(<LeftOutNote leftOut={{ train: 0, val: 0, test: 0, testPaths: [] }} />)
    expect(container.textContent).toBe('')
  })
})
