import { describe, expect, it } from 'vitest'
import { drawBoxes, labelSize } from '../../src/main/core/cells/overlay'

/** Overlays number each box as the CSV's `cell` column does, in digits drawn without any font. */
describe('overlay cell numbers', () => {
  it('writes the digits in the box colour on a white tag at the box corner', () => {
    const img = { data: new Uint8Array(100 * 60 * 3), width: 100, height: 60 }
    const red = [220, 0, 0] as const
    const out = drawBoxes(img, [{ x: 10, y: 10, width: 60, height: 40, color: red, label: '12' }], 2)
    const at = (x: number, y: number) => [...out.data.subarray((y * 100 + x) * 3, (y * 100 + x) * 3 + 3)]
    const { width, height } = labelSize('12', 2)
    expect([width, height]).toEqual([18, 14])
    // Margin: white. "1" is 2,6,2,2,7: its middle column is inked on every row; its left column only on row 1.
    expect(at(10 + 1, 10 + 1)).toEqual([255, 255, 255])
    for (let r = 0; r < 5; r++) expect(at(10 + (1 + 1) * 2, 10 + (1 + r) * 2)).toEqual([...red])
    expect(at(10 + 1 * 2, 10 + 1 * 2)).toEqual([255, 255, 255])
    expect(at(10 + 1 * 2, 10 + 2 * 2)).toEqual([...red])
    // "2" (7,1,7,4,7): its row 1 has only the right column inked.
    const x2 = 10 + (1 + 4) * 2
    expect(at(x2, 10 + 2 * 2)).toEqual([255, 255, 255])
    expect(at(x2 + 2 * 2, 10 + 2 * 2)).toEqual([...red])
    // Without a label the corner is only the box outline.
    const plain = drawBoxes(img, [{ x: 10, y: 10, width: 60, height: 40, color: red }], 2)
    expect([...plain.data.subarray((14 * 100 + 14) * 3, (14 * 100 + 14) * 3 + 3)]).toEqual([0, 0, 0])
  })
})
