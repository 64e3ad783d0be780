import { describe, expect, it } from 'vitest'
import { iou } from '../../src/main/core/cells/boxes'
import { dilate, distance, erode } from '../../src/main/core/cells/distance'
import { labelComponents } from '../../src/main/core/cells/components'
import { findCells } from '../../src/main/core/cells/find'
import { estimateRedCellDiameter } from '../../src/main/core/cells/scale'
import { NUCLEUS, Smear } from '../helpers/smear'

const RBC = 40

describe('distance transform and disk morphology', () => {
  it('gives the exact Euclidean distance to the nearest unset pixel', () => {
    const w = 9
    const h = 7
    const mask = new Uint8Array(w * h).fill(1)
    mask[3 * w + 4] = 0
    const d = distance(mask, w, h)
    expect(d[3 * w + 4]).toBe(0)
    expect(d[3 * w + 7]).toBeCloseTo(3, 6)
    expect(d[0]).toBeCloseTo(Math.hypot(4, 3), 6)
  })

  it('dilates a point into a disk and erodes it back', () => {
    const w = 21
    const mask = new Uint8Array(w * w)
    mask[10 * w + 10] = 1
    const disk = dilate(mask, w, w, 5)
    const area = disk.reduce((a, v) => a + v, 0)
    expect(area).toBeGreaterThan(Math.PI * 25 * 0.9)
    expect(area).toBeLessThan(Math.PI * 36)
    expect(disk[10 * w + 15]).toBe(1)
    expect(disk[10 * w + 16]).toBe(0)
    expect(erode(disk, w, w, 4.5).reduce((a, v) => a + v, 0)).toBe(1)
  })

  it('labels 8-connected regions separately', () => {
    const w = 6
    const mask = Uint8Array.from([1, 1, 0, 0, 0, 1, 0, 1, 0, 0, 0, 1, 0, 0, 1, 0, 0, 0])
    const { components } = labelComponents(mask, w, 3)
    expect(components.map((c) => c.area)).toEqual([4, 2])
  })
})

describe('red-cell scale', () => {
  it('measures the planted red cells within 20%', () => {
    const field = new Smear(640, 480).redCellCarpet(RBC, 1)
    const est = estimateRedCellDiameter(field.pixels())
    expect(est.redCellDiameterPx).toBeGreaterThan(RBC * 0.8)
    expect(est.redCellDiameterPx).toBeLessThan(RBC * 1.2)
  })

  it('scales with the field: red cells twice as large read twice as large', () => {
    const small = estimateRedCellDiameter(new Smear(480, 360).redCellCarpet(30, 2).pixels())
    const large = estimateRedCellDiameter(new Smear(960, 720).redCellCarpet(60, 2).pixels())
    expect((large.redCellDiameterPx as number) / (small.redCellDiameterPx as number)).toBeCloseTo(2, 0)
  })
})

describe('findCells on planted fields', () => {
  it('finds white cells at the places they were planted, and nothing else', () => {
    const planted = [
      { cx: 120, cy: 110, d: 2 * RBC },
      { cx: 470, cy: 160, d: 1.6 * RBC },
      { cx: 300, cy: 370, d: 2.2 * RBC }
    ]
    const field = new Smear(640, 480).redCellCarpet(
      RBC,
      3,
      planted.map((p) => ({ cx: p.cx, cy: p.cy, r: p.d / 2 }))
    )
    for (const p of planted) field.whiteCell(p.cx, p.cy, p.d)
    field.platelet(560, 420, 10).platelet(40, 440, 12)
    const result = findCells(field.pixels())
    expect(result.scaleSource).toBe('estimated')
    expect(result.cells).toHaveLength(3)
    for (const p of planted) {
      const truth = { x: p.cx - p.d / 2, y: p.cy - p.d / 2, width: p.d, height: p.d }
      const best = Math.max(...result.cells.map((c) => iou(c, truth)))
      expect(best).toBeGreaterThan(0.5)
    }
    for (const c of result.cells) {
      expect(c.score).toBeGreaterThan(0)
      expect(c.score).toBeLessThanOrEqual(1)
      expect(c.mask.data.length).toBe(c.mask.width * c.mask.height)
      expect(c.mask.data.some((v) => v === 1)).toBe(true)
    }
  })

  it('splits two touching white cells into two', () => {
    const d = 2 * RBC
    const field = new Smear(640, 480).redCellCarpet(RBC, 4, [{ cx: 320, cy: 240, r: d }])
    // Cytoplasms overlap; nuclei (0.7·d across) 0.8·d apart leave a gap narrower than the lobe gap, so the
    // two nuclei are one group that only the distance map's neck can split.
    field.whiteCell(288, 240, d).whiteCell(352, 240, d)
    const cells = findCells(field.pixels()).cells
    expect(cells).toHaveLength(2)
    const [left, right] = [...cells].sort((a, b) => a.x - b.x)
    expect(left.x + left.width / 2).toBeLessThan(320)
    expect(right.x + right.width / 2).toBeGreaterThan(320)
  })

  it('still splits a touching pair when a stained speck next to it was joined to its group', () => {
    const d = 2 * RBC
    const field = new Smear(640, 480).redCellCarpet(RBC, 4, [{ cx: 320, cy: 240, r: d }])
    field.whiteCell(288, 240, d).whiteCell(352, 240, d)
    // A dark speck off the left nucleus' upper-left edge: farther than the lobe gap, inside its outline's box.
    field.platelet(254, 206, 8, NUCLEUS)
    expect(findCells(field.pixels()).cells).toHaveLength(2)
  })

  it('keeps one white cell whole when its nucleus is one round blob', () => {
    const field = new Smear(640, 480).redCellCarpet(RBC, 5, [{ cx: 320, cy: 240, r: 1.3 * RBC }])
    field.whiteCell(320, 240, 2.4 * RBC)
    expect(findCells(field.pixels()).cells).toHaveLength(1)
  })

  it('keeps a lobed nucleus as one cell: its lobes fill a round outline, unlike two touching nuclei', () => {
    // Four lobes: the distance map has four deep peaks with necks between them, as two touching cells have.
    const d = 2.6 * RBC
    const field = new Smear(640, 480).redCellCarpet(RBC, 8, [{ cx: 320, cy: 240, r: d / 2 }])
    field.lobedWhiteCell(320, 240, d, 4)
    const cells = findCells(field.pixels()).cells
    expect(cells).toHaveLength(1)
    expect(iou(cells[0], { x: 320 - d / 2, y: 240 - d / 2, width: d, height: d })).toBeGreaterThan(0.5)
  })

  it('counts no bluish red cell as a white cell: its tint passes the nucleus threshold, not the nucleus stain', () => {
    const field = new Smear(640, 480).redCellCarpet(RBC, 9, [
      { cx: 200, cy: 240, r: RBC },
      { cx: 450, cy: 240, r: RBC }
    ])
    // Blue 55 above green passes the nucleus threshold (40) like a nucleus, but (B − G) / B is 0.28: a
    // nucleus reaches at least 0.45.
    field.redCell(200, 240, RBC, [175, 140, 195])
    field.whiteCell(450, 240, 2 * RBC)
    const cells = findCells(field.pixels()).cells
    expect(cells).toHaveLength(1)
    expect(cells[0].x).toBeGreaterThan(350)
  })

  it('counts no clump of darkly stained platelets as a white cell: its stained area is under a nucleus', () => {
    const field = new Smear(640, 480).redCellCarpet(RBC, 10, [{ cx: 300, cy: 200, r: RBC }])
    // Four platelets (1.9 µm each) stained as dark as a nucleus, close enough to group: with a cytoplasm rim
    // over the smallest cell's area, but about 11 µm² of stain where a nucleus has at least 15.
    for (const [dx, dy] of [
      [-6, -6],
      [6, -6],
      [-6, 6],
      [6, 6]
    ])
      field.platelet(300 + dx, 200 + dy, 10, NUCLEUS)
    expect(findCells(field.pixels()).cells).toHaveLength(0)
  })

  it('finds no cell in a field of red cells and platelets only', () => {
    const field = new Smear(640, 480).redCellCarpet(RBC, 6)
    field.platelet(100, 100, 9).platelet(400, 300, 11).platelet(405, 310, 8)
    const result = findCells(field.pixels())
    expect(result.cells).toHaveLength(0)
  })

  it('finds the cells of a dim field: its nuclei pass by stain ratio when their blue − green falls short', () => {
    const planted = [
      { cx: 160, cy: 150, d: 2 * RBC },
      { cx: 460, cy: 320, d: 2 * RBC }
    ]
    const field = new Smear(640, 480).redCellCarpet(
      RBC,
      11,
      planted.map((p) => ({ cx: p.cx, cy: p.cy, r: p.d / 2 }))
    )
    for (const p of planted) field.whiteCell(p.cx, p.cy, p.d)
    // A third of the light: the nucleus (105, 85, 195) becomes (37, 30, 68), blue − green 38 < 40, ratio 0.56.
    const dim = field.pixels()
    const data = dim.data.map((v) => Math.round(v * 0.35))
    const cells = findCells({ ...dim, data }).cells
    expect(cells).toHaveLength(2)
    for (const p of planted) {
      const truth = { x: p.cx - p.d / 2, y: p.cy - p.d / 2, width: p.d, height: p.d }
      expect(Math.max(...cells.map((c) => iou(c, truth)))).toBeGreaterThan(0.5)
    }
  })

  it('finds no cell in a blank field and uses an assumed scale there', () => {
    const result = findCells(new Smear(320, 240).pixels())
    expect(result.cells).toHaveLength(0)
    expect(result.scaleSource).toBe('assumed')
  })

  it('takes a given scale instead of estimating it', () => {
    const field = new Smear(640, 480).redCellCarpet(RBC, 7, [{ cx: 320, cy: 240, r: RBC }])
    field.whiteCell(320, 240, 2 * RBC)
    const result = findCells(field.pixels(), { micronsPerPixel: 7.5 / RBC })
    expect(result.scaleSource).toBe('given')
    expect(result.redCellDiameterPx).toBeCloseTo(RBC, 6)
    expect(result.cells).toHaveLength(1)
  })
})
