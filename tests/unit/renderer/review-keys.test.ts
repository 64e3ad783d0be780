import { describe, expect, it } from 'vitest'
import { moveIndex, reviewAction } from '../../../src/renderer/src/logic/review-keys'
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
    expect(reviewAction({ key: 'Enter', targetIsTextField: true }, classes)).toBeNull()
    expect(reviewAction({ key: 'x' }, classes)).toBeNull()
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
