import { describe, expect, it } from 'vitest'
import type { FieldView } from '../../../src/shared/types/scan'
import {
  displayName,
  fieldOfCell,
  fitScale,
  labelAbove,
  nextCellInField
} from '../../../src/renderer/src/logic/field-view'

const box = (cell: number, cropPath: string) => ({
  cell,
  x: 1,
  y: 2,
  width: 3,
  height: 4,
  score: 1,
  cropPath
})
const FIELDS: FieldView[] = [
  { path: '/s/a/BloodImage_00001.jpg', width: 640, height: 480, cells: [box(1, '/c/1'), box(2, '/c/2')] },
  { path: 'C:\\s\\b\\f2.png', width: 640, height: 480, cells: [box(1, '/c/3')] }
]

describe('field view logic', () => {
  it('names a crop by its field and cell number, and any other file by its name', () => {
    const cell = { path: '/data/cells/ab/x/cell-002-plain.png', field: { path: FIELDS[0].path, cell: 2 } }
    expect(displayName(cell)).toBe('cell 2 · BloodImage_00001.jpg')
    expect(displayName({ path: '/c/3', field: { path: FIELDS[1].path, cell: 1 } })).toBe('cell 1 · f2.png')
    expect(displayName({ path: '/data/UID_1_1_1_all.bmp' })).toBe('UID_1_1_1_all.bmp')
  })

  it('finds the field holding a cell', () => {
    expect(fieldOfCell(FIELDS, '/c/3')).toBe(1)
    expect(fieldOfCell(FIELDS, '/c/1')).toBe(0)
    expect(fieldOfCell(FIELDS, '/c/9')).toBe(-1)
    expect(fieldOfCell(FIELDS, null)).toBe(-1)
  })

  it('fits a field into its area without cropping, and never blows it up more than twice', () => {
    expect(fitScale(640, 480, 960, 1000)).toBe(1.5) // width-bound
    expect(fitScale(640, 480, 2000, 480)).toBe(1) // height-bound
    expect(fitScale(8000, 6000, 800, 600)).toBe(0.1)
    expect(fitScale(100, 100, 1000, 1000)).toBe(2)
    expect(fitScale(640, 480, 0, 600)).toBe(0) // not laid out yet
    expect(fitScale(0, 0, 800, 600)).toBe(0) // the field's size is unknown
  })

  it('keeps a field readable in a short area: at least minHeight tall, never wider than the area', () => {
    expect(fitScale(640, 480, 700, 240, 480)).toBe(1) // 480 px tall; the area scrolls down
    expect(fitScale(640, 480, 500, 240, 480)).toBe(500 / 640) // but never wider than the area
    expect(fitScale(640, 480, 960, 720, 480)).toBe(1.5) // room enough: the whole field fits
    expect(fitScale(8000, 6000, 700, 240, 480)).toBe(0.08)
    expect(fitScale(100, 100, 1000, 50, 480)).toBe(2)
  })

  it("after a review, goes to the field's next cell, else stays", () => {
    expect(nextCellInField(FIELDS, '/c/1')).toBe('/c/2')
    expect(nextCellInField(FIELDS, '/c/2')).toBe('/c/2')
    expect(nextCellInField(FIELDS, '/c/3')).toBe('/c/3')
    expect(nextCellInField(FIELDS, '/elsewhere')).toBe('/elsewhere')
  })

  it('puts a label above its box unless the box touches the top', () => {
    expect(labelAbove(30, 20)).toBe(true)
    expect(labelAbove(5, 20)).toBe(false)
  })
})
