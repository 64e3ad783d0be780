import { describe, expect, it } from 'vitest'
import { moveIndex, panView, reviewAction, zoomView } from '../../../src/renderer/src/logic/review-keys'
import { baseName, duration, pct, rankedProbabilities } from '../../../src/renderer/src/logic/format'

const classes = ['ALL', 'HEM']

describe('keyboard review', () => {
  it('maps confirm, relabel, move and Grad-CAM keys', () => {
    expect(reviewAction({ key: 'Enter' }, classes)).toEqual({ kind: 'confirm' })
    expect(reviewAction({ key: 'c' }, classes)).toEqual({ kind: 'confirm' })
    expect(reviewAction({ key: '2' }, classes)).toEqual({ kind: 'relabel', label: 'HEM' })
    expect(reviewAction({ key: 'n' }, classes)).toEqual({ kind: 'move', delta: 1 })
    expect(reviewAction({ key: 'ArrowLeft' }, classes)).toEqual({ kind: 'move', delta: -1 })
    expect(reviewAction({ key: 'g' }, classes)).toEqual({ kind: 'gradcam' })
  })

  it('ignores a class number the model does not have, modifier chords and typing in a field', () => {
    expect(reviewAction({ key: '3' }, classes)).toBeNull()
    expect(reviewAction({ key: 'c', ctrlKey: true }, classes)).toBeNull()
    expect(reviewAction({ key: 'z', ctrlKey: true, targetIsTextField: true }, classes)).toBeNull()
    expect(reviewAction({ key: 'Enter', targetIsTextField: true }, classes)).toBeNull()
    expect(reviewAction({ key: 'x' }, classes)).toBeNull()
  })

  it('maps undo, next flagged, zoom, pan and selection keys', () => {
    expect(reviewAction({ key: 'z', ctrlKey: true }, classes)).toEqual({ kind: 'undo' })
    expect(reviewAction({ key: 'u' }, classes)).toEqual({ kind: 'undo' })
    expect(reviewAction({ key: 'f' }, classes)).toEqual({ kind: 'nextFlagged' })
    expect(reviewAction({ key: '+' }, classes)).toEqual({ kind: 'zoom', factor: 1.25 })
    expect(reviewAction({ key: '0' }, classes)).toEqual({ kind: 'zoomReset' })
    expect(reviewAction({ key: 'ArrowLeft', shiftKey: true }, classes)).toEqual({ kind: 'pan', dx: 1, dy: 0 })
    expect(reviewAction({ key: 'a', metaKey: true }, classes)).toEqual({ kind: 'selectAll' })
    expect(reviewAction({ key: 'Escape' }, classes)).toEqual({ kind: 'clearSelection' })
  })

  it('zooms between fit and 8× and keeps the pan inside the zoomed cell', () => {
    expect(zoomView({ zoom: 1, x: 0, y: 0 }, 0.5)).toEqual({ zoom: 1, x: 0, y: 0 })
    const z = zoomView({ zoom: 1, x: 0, y: 0 }, 2)
    expect(z.zoom).toBe(2)
    expect(panView(z, 5, -5)).toEqual({ zoom: 2, x: 0.5, y: -0.5 })
    expect(zoomView({ zoom: 6, x: 0, y: 0 }, 2).zoom).toBe(8)
  })

  it('moves within the list and clamps at both ends', () => {
    expect(moveIndex(-1, 1, 5)).toBe(0)
    expect(moveIndex(4, 1, 5)).toBe(4)
    expect(moveIndex(0, -1, 5)).toBe(0)
    expect(moveIndex(2, 1, 5)).toBe(3)
    expect(moveIndex(0, 1, 0)).toBe(-1)
  })
})

describe('formatting', () => {
  it('ranks probabilities highest first', () => {
    expect(rankedProbabilities(['ALL', 'HEM'], [0.3, 0.7])).toEqual([
      ['HEM', 0.7],
      ['ALL', 0.3]
    ])
  })
  it('formats percentages, durations and names', () => {
    expect(pct(0.9234)).toBe('92.3%')
    expect(pct(undefined)).toBe('—')
    expect(duration(42)).toBe('42 s')
    expect(duration(125)).toBe('2 min 5 s')
    expect(baseName('C:\\data\\a.bmp')).toBe('a.bmp')
    expect(baseName('/data/x/b.png')).toBe('b.png')
  })
})
