import { spawnSync } from 'node:child_process'
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { findCellsInFile } from '../../src/main/core/cells/field-file'
import { runCli } from '../helpers/cli'
import { sharedPath } from '../helpers/shared'
import { Smear } from '../helpers/smear'

const BCCD = 'data/bccd-fields/JPEGImages'
let dir: string

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'leukolens-cells-'))
  mkdirSync(join(dir, 'fields/sub'), { recursive: true })
  copyFileSync(sharedPath(BCCD, 'BloodImage_00001.jpg'), join(dir, 'fields/BloodImage_00001.jpg'))
  copyFileSync(sharedPath(BCCD, 'BloodImage_00002.jpg'), join(dir, 'fields/sub/BloodImage_00002.jpg'))
  writeFileSync(join(dir, 'fields/broken.jpg'), Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 1, 2, 3]))
  // A field of red cells only.
  const empty = new Smear(640, 480).redCellCarpet(80, 9).pixels()
  await sharp(empty.data, { raw: { width: 640, height: 480, channels: 3 } })
    .png()
    .toFile(join(dir, 'fields/no-white-cell.png'))
})

afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('leukolens cells', () => {
  it('writes the CSV with the fixed first columns, says which field has no cell, skips an unreadable one', async () => {
    const csv = join(dir, 'cells.csv')
    const overlays = join(dir, 'overlays')
    const r = await runCli('cells', join(dir, 'fields'), '--recursive', '--out', csv, '--overlay', overlays)
    expect(r.code).toBe(0)
    expect(r.err).toContain('broken.jpg: skipped')
    expect(r.out).toContain('no-white-cell.png: no white cell found')
    const lines = readFileSync(csv, 'utf8')
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r\n/)
    expect(lines[0].startsWith('path,cell,x,y,width,height,area_px,score,')).toBe(true)
    const cellRows = lines.slice(1).filter((l) => /\.jpg,1,/.test(l))
    expect(cellRows.map((l) => l.split(',')[0].split('/').pop())).toEqual([
      'BloodImage_00001.jpg',
      'BloodImage_00002.jpg'
    ])
    // BloodImage_00001's annotated white cell: xmin 68, ymin 315, xmax 286, ymax 480.
    const [, , x, y, w, h] = cellRows[0].split(',').map(Number)
    const ix = Math.max(0, Math.min(x + w, 286) - Math.max(x, 68))
    const iy = Math.max(0, Math.min(y + h, 480) - Math.max(y, 315))
    expect((ix * iy) / (w * h + 218 * 165 - ix * iy)).toBeGreaterThan(0.5)
    expect(lines.some((l) => l.includes('broken.jpg') && l.includes('unreadable'))).toBe(true)
    expect(readdirSync(overlays).sort()).toEqual([
      'BloodImage_00001.png',
      'no-white-cell.png',
      'sub__BloodImage_00002.png'
    ])
  })

  it('prints JSON with one outcome per field', async () => {
    const r = await runCli('cells', join(dir, 'fields/BloodImage_00001.jpg'), '--json')
    expect(r.code).toBe(0)
    const out = JSON.parse(r.out) as {
      fields: number
      cells: number
      outcomes: { field: { cells: object[] } }[]
    }
    expect(out.fields).toBe(1)
    expect(out.cells).toBe(1)
    expect(out.outcomes[0].field.cells[0]).not.toHaveProperty('mask')
  })
})

describe('cell finder on real single-cell and huge inputs', () => {
  it('finds exactly one cell in a C-NMC segmented cell on black', async () => {
    const file = sharedPath('data/cnmc-samples/C-NMC_Leukemia/training_data/fold_0/all/UID_2_1_1_all.bmp')
    const r = await findCellsInFile(file)
    expect(r.scaleSource).toBe('assumed')
    expect(r.cells).toHaveLength(1)
  })

  it('processes an 8000×6000 field at reduced scale in bounded memory, with boxes in full-size pixels', async () => {
    // Tiled from a 800×600 planted field (one white cell at 400,300), so each tile holds one white cell.
    const tile = new Smear(800, 600).redCellCarpet(90, 11, [{ cx: 400, cy: 300, r: 100 }])
    tile.whiteCell(400, 300, 180)
    const tilePng = await sharp(tile.data, { raw: { width: 800, height: 600, channels: 3 } })
      .png()
      .toBuffer()
    const huge = join(dir, 'huge.jpg')
    await sharp({ create: { width: 8000, height: 6000, channels: 3, background: '#e2e0d8' } })
      .composite([{ input: tilePng, tile: true, top: 0, left: 0 }])
      .jpeg({ quality: 90 })
      .toFile(huge)
    const script = resolve(__dirname, '../helpers/cells-rss.ts')
    const child = spawnSync(process.execPath, ['--import', 'tsx', script, huge], { encoding: 'utf8' })
    expect(child.status, child.stderr).toBe(0)
    const out = JSON.parse(child.stdout) as {
      cells: { x: number; y: number; width: number; height: number }[]
      maxRssMb: number
      width: number
    }
    expect(out.width).toBe(8000)
    expect(out.cells).toHaveLength(100)
    for (const c of out.cells) {
      const cx = c.x + c.width / 2
      const cy = c.y + c.height / 2
      expect(Math.abs((cx % 800) - 400)).toBeLessThan(40)
      expect(Math.abs((cy % 600) - 300)).toBeLessThan(40)
    }
    expect(out.maxRssMb).toBeLessThan(1024)
  })
})
