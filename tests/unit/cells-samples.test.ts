import { describe, expect, it } from 'vitest'
import { borderDarkFraction, cropCell, cropStyleFromBorder } from '../../src/main/core/cells/crop'
import { sampleCounts, sampleOf, wilsonInterval } from '../../src/main/core/cells/sample-counts'
import { fieldCellsOfScan, insertFieldCells } from '../../src/main/core/db/queries/field-cells'
import { openDatabase } from '../../src/main/core/db/database'
import { createScan } from '../../src/main/core/scan/store'
import { findCells } from '../../src/main/core/cells/find'
import { Smear } from '../helpers/smear'
import { storeOf } from '../helpers/scan-store'

describe('Wilson interval', () => {
  it('matches the published values (Newcombe 1998: 81/263 → 0.2553–0.3662)', () => {
    const ci = wilsonInterval(81, 263)
    expect(ci.low).toBeCloseTo(0.2553, 3)
    expect(ci.high).toBeCloseTo(0.3662, 3)
  })

  it('stays inside [0, 1] at 0 and n successes, and is wide at small n', () => {
    expect(wilsonInterval(0, 10).low).toBe(0)
    expect(wilsonInterval(0, 10).high).toBeCloseTo(0.2775, 3)
    expect(wilsonInterval(10, 10).high).toBe(1)
    expect(wilsonInterval(0, 0)).toEqual({ low: 0, high: 1 })
  })
})

describe('per-sample counts', () => {
  it('groups by a subject in the name, else by folder, and lets a review override the prediction', () => {
    expect(sampleOf('/s/UID_7_3_1_all.bmp', '/s')).toBe('7')
    expect(sampleOf('/s/p12/field1.jpg', '/s')).toBe('p12')
    expect(sampleOf('/s/field1.jpg', '/s')).toBe('s')
    const counts = sampleCounts(
      [
        { fieldPath: '/s/a/1.jpg', predicted: 'ALL', flagged: false, reviewed: false },
        { fieldPath: '/s/a/1.jpg', predicted: 'ALL', flagged: true, reviewed: true, label: 'HEM' },
        { fieldPath: '/s/a/2.jpg', predicted: 'HEM', flagged: false, reviewed: false },
        { fieldPath: '/s/b/1.jpg', predicted: 'ALL', flagged: false, reviewed: false }
      ],
      ['ALL', 'HEM'],
      '/s'
    )
    expect(
      counts.map((c) => [
        c.sample,
        c.fields,
        c.cells,
        c.byClass.ALL.count,
        c.byClass.HEM.count,
        c.flagged,
        c.reviewed
      ])
    ).toEqual([
      ['a', 2, 3, 1, 2, 1, 1],
      ['b', 1, 1, 1, 0, 0, 0]
    ])
    expect(counts[0].byClass.HEM.percent).toBeCloseTo(200 / 3, 6)
  })
})

describe('cell crops', () => {
  const field = new Smear(400, 300).redCellCarpet(40, 8, [{ cx: 200, cy: 150, r: 45 }])
  field.whiteCell(200, 150, 80)
  const result = findCells(field.pixels())
  const cell = result.cells[0]

  it('masked: square, centred on the cell, black outside its mask; plain: the field as it is', () => {
    expect(result.cells).toHaveLength(1)
    const masked = cropCell(field.pixels(), cell, 'masked', 1, result.maskScale)
    const plain = cropCell(field.pixels(), cell, 'plain', 1, result.maskScale)
    expect(masked.width).toBe(masked.height)
    const centre = ((masked.height >> 1) * masked.width + (masked.width >> 1)) * 3
    expect([...masked.data.subarray(centre, centre + 3)]).toEqual([105, 85, 195])
    expect([...masked.data.subarray(0, 3)]).toEqual([0, 0, 0])
    expect([...plain.data.subarray(0, 3)]).not.toEqual([0, 0, 0])
    expect(borderDarkFraction(masked)).toBeGreaterThan(0.9)
    expect(cropStyleFromBorder(borderDarkFraction(masked))).toBe('masked')
    expect(cropStyleFromBorder(borderDarkFraction(plain))).toBe('plain')
  })

  it('plain: a cell at the field edge is cut from inside the field (no black bars), with the cell in it', () => {
    // A white cell planted against the left edge and near the top: a centred square would reach past both.
    const edge = new Smear(400, 300).redCellCarpet(40, 8, [{ cx: 40, cy: 45, r: 45 }])
    edge.whiteCell(38, 45, 80)
    const found = findCells(edge.pixels())
    const c = found.cells.find((f) => f.x < 5)!
    expect(c).toBeDefined()
    const crop = cropCell(edge.pixels(), c, 'plain', 1, found.maskScale)
    expect(crop.width).toBeGreaterThan(c.width)
    let black = 0
    for (let i = 0; i < crop.data.length; i += 3)
      if (crop.data[i] < 16 && crop.data[i + 1] < 16 && crop.data[i + 2] < 16) black++
    expect(black).toBe(0)
    // The square's left column is the field's left column (moved inside, not padded).
    const img = edge.pixels()
    for (const y of [0, 10, 40])
      expect([...crop.data.subarray(y * crop.width * 3, y * crop.width * 3 + 3)]).toEqual([
        ...img.data.subarray(y * img.width * 3, y * img.width * 3 + 3)
      ])
    // A square wider than the field repeats the field's edge pixels.
    const tiny = { data: img.data.slice(0), width: 400, height: 300 }
    const huge = cropCell(tiny, { ...c, width: 400, height: 300, x: 0, y: 0 }, 'plain', 1, found.maskScale)
    expect(huge.width).toBeGreaterThan(400)
    expect([...huge.data.subarray(0, 3)]).toEqual([...img.data.subarray(0, 3)])
  })

  it('stores and reads back a field cell with its mask (migration 007 on :memory:)', async () => {
    const db = openDatabase(':memory:')
    const scan = await createScan(storeOf(db).k, {
      folder: '/f',
      recursive: false,
      modelId: 'm',
      tta: false,
      flagThreshold: 0.8,
      backend: 'wasm'
    })
    const rec = {
      scanId: scan.id,
      fieldPath: '/f/a.jpg',
      fieldSha256: 'a'.repeat(64),
      cell: 1,
      x: cell.x,
      y: cell.y,
      width: cell.width,
      height: cell.height,
      areaPx: cell.areaPx,
      score: cell.score,
      mask: cell.mask,
      maskScale: result.maskScale,
      cropStyle: 'masked' as const,
      cropPath: '/data/cells/a/cell-001-masked.png'
    }
    await insertFieldCells(storeOf(db).k, [rec])
    await insertFieldCells(storeOf(db).k, [rec])
    const back = await fieldCellsOfScan(storeOf(db).k, scan.id)
    expect(back).toHaveLength(1)
    expect(back[0]).toEqual({ ...rec, mask: { ...rec.mask, data: new Uint8Array(rec.mask.data) } })
    await expect(insertFieldCells(storeOf(db).k, [{ ...rec, cell: 0 }])).rejects.toThrow(/CHECK/)
    db.close()
  })
})
